from django.urls import path

from apps.accounts import apis

urlpatterns = [
    path("register", apis.UserRegisterApi.as_view(), name="auth-register"),
    path("login", apis.SessionLoginApi.as_view(), name="auth-login"),
    path("refresh", apis.SessionRefreshApi.as_view(), name="auth-refresh"),
    path("logout", apis.SessionLogoutApi.as_view(), name="auth-logout"),
    path("me", apis.UserMeApi.as_view(), name="auth-me"),
]

from django.urls import path
from smartbreeds_common.django.routing import dispatch_by_method

from apps.accounts import apis

urlpatterns = [
    path("register", apis.UserRegisterApi.as_view(), name="auth-register"),
    path("login", apis.SessionLoginApi.as_view(), name="auth-login"),
    path("refresh", apis.SessionRefreshApi.as_view(), name="auth-refresh"),
    path("logout", apis.SessionLogoutApi.as_view(), name="auth-logout"),
    path("logout-all", apis.SessionLogoutAllApi.as_view(), name="auth-logout-all"),
    path("password", apis.PasswordChangeApi.as_view(), name="auth-password"),
    path("sessions", apis.SessionListApi.as_view(), name="auth-sessions"),
    path("sessions/<str:session_id>", apis.SessionEndApi.as_view(), name="auth-session-end"),
    path("me", dispatch_by_method(get=apis.UserMeApi.as_view(), delete=apis.UserDeleteApi.as_view()), name="auth-me"),
]

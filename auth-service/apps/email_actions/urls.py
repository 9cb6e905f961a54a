from django.urls import path

from apps.email_actions import apis

urlpatterns = [
    path("password/forgot", apis.PasswordForgotApi.as_view(), name="auth-password-forgot"),
    path("password/reset", apis.PasswordResetApi.as_view(), name="auth-password-reset"),
    path("email/verify", apis.EmailVerifyApi.as_view(), name="auth-email-verify"),
    path("email/verify/resend", apis.EmailVerifyResendApi.as_view(), name="auth-email-verify-resend"),
    path("email/change", apis.EmailChangeApi.as_view(), name="auth-email-change"),
    path("email/change/confirm", apis.EmailChangeConfirmApi.as_view(), name="auth-email-change-confirm"),
]

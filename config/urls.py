from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """Liveness check for a load balancer: the process answers."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", include("plans.urls")),
    path("", include("reporting.urls")),
    path("", include("indicators.urls")),
    path("", include("organisations.urls")),
    path("aanmelden/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("beheer/", admin.site.urls),
    path("health/", health, name="health"),
]

handler403 = "plans.access_log.permission_denied"

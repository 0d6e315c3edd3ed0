from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.health import health, ready

urlpatterns = [
    path("", include("plans.urls")),
    path("", include("reporting.urls")),
    path("", include("indicators.urls")),
    path("", include("organisations.urls")),
    path("", include("uploads.urls")),
    path("", include("versions.urls")),
    path("ontwerp/", include("drafting.urls")),
    path("publiek/", include("opendata.download_urls")),
    path("publiek/", include("publicsite.urls")),
    path("publicatie/", include("publicsite.manage_urls")),
    path("api/v1/", include("opendata.api_urls")),
    path("aanmelden/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("beheer/", admin.site.urls),
    path("health/", health, name="health"),
    path("health/klaar/", ready, name="ready"),
]

handler403 = "plans.access_log.permission_denied"
# Under /publiek/ the public site's own Dutch pages; Django's (the product's templates) elsewhere.
handler404 = "publicsite.errors.handler404"
handler400 = "publicsite.errors.handler400"

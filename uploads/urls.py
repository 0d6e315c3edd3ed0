from django.urls import path

from uploads import views

app_name = "uploads"

urlpatterns = [
    path("opladen/<int:pk>/", views.upload, name="upload"),
    path("opladen/<int:pk>/bevestigen/", views.confirm, name="confirm"),
]

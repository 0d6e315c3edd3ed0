"""(being built: issue 32)"""

urlpatterns: list = []

app_name = "research"

urlpatterns: list[object] = []

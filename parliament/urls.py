from parliament.views import community, elections, events, home, voice

app_name = "parliament"

urlpatterns = [
    *home.urlpatterns,
    *elections.urlpatterns,
    *events.urlpatterns,
    *voice.urlpatterns,
    *community.urlpatterns,
]

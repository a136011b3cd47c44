from django.urls import path

from gongkai.catalog.views import portal as catalogue_portal
from gongkai.portal import apply, feeds, preference_views, views
from gongkai.powers.views import portal as powers_portal

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("sitemap/", views.site_map, name="site_map"),
    path("prefs/elder/", preference_views.elder_mode, name="elder_mode"),
    path("prefs/script/", preference_views.script, name="script"),
    path("prefs/language/", preference_views.language, name="language"),
    path("org/<slug:org>/", views.platform, name="platform"),
    path("org/<slug:org>/guide/", views.guide, name="guide"),
    path("org/<slug:org>/rules/", views.rules, name="rules"),
    path("org/<slug:org>/catalogue/", catalogue_portal.catalogue, name="catalogue"),
    path("org/<slug:org>/records/", views.records, name="records"),
    path("org/<slug:org>/records/<str:key>/", views.record, name="record"),
    path("org/<slug:org>/records/<str:key>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("org/<slug:org>/annual-reports/", views.annual_reports, name="annual_reports"),
    path("org/<slug:org>/annual-reports/<int:year>/", views.annual_report, name="annual_report"),
    path("org/<slug:org>/about/", views.organ_profile, name="organ_profile"),
    path("org/<slug:org>/lists/<slug:kind>/", powers_portal.item_list, name="power_list"),
    path("org/<slug:org>/lists/<slug:kind>/changes/", powers_portal.changes, name="power_changes"),
    path("org/<slug:org>/apply/", apply.apply, name="apply"),
    path("org/<slug:org>/apply/done/", apply.apply_done, name="apply_done"),
    path("org/<slug:org>/apply/track/", apply.track, name="apply_track"),
    path("org/<slug:org>/apply/track/download/", apply.track_download, name="apply_track_download"),
    path("org/<slug:org>/apply/track/supplement/", apply.track_supplement, name="apply_track_supplement"),
    path("org/<slug:org>/apply/track/reasons/", apply.track_reasons, name="apply_track_reasons"),
    path("org/<slug:org>/feed.atom", feeds.OrganizationFeed(), name="feed"),
    path("org/<slug:org>/feed/<slug:column>.atom", feeds.ColumnFeed(), name="column_feed"),
]

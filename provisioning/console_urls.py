from django.urls import path

from provisioning import console

urlpatterns = [
    path("", console.home, name="console_home"),
    path("nieuw/", console.create_buurtsite, name="console_create"),
    path("bestellingen/<int:order_id>/", console.order_detail, name="console_order"),
    path("bestellingen/<int:order_id>/besluit/", console.decide_order, name="console_decide"),
    path("buurtsites/<slug:slug>/", console.buurtsite_detail, name="console_buurtsite"),
    path("buurtsites/<slug:slug>/actie/", console.buurtsite_action, name="console_action"),
    path("runs/<int:run_id>/", console.run_detail, name="console_run"),
    path("exports/<int:export_id>/", console.export_download, name="console_export"),
]

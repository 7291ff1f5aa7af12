from django.apps import AppConfig


class MijnbuurtjeConfig(AppConfig):
    name = "mijnbuurtje"
    verbose_name = "Mijnbuurtje"

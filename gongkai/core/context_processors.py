from django.conf import settings


def installation(request):
    return {"installation_name": settings.GONGKAI_INSTALLATION_NAME}

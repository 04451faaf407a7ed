from django.conf import settings


def platform(request):
    """Public facts about the network, for the header and footer of every page."""
    return {
        "platform_contact_email": settings.PLATFORM_CONTACT_EMAIL,
        "platform_facebook_url": settings.PLATFORM_FACEBOOK_URL,
    }

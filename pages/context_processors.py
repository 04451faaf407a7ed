from django.conf import settings

# The network's postal details, as printed on its own documents.
NETWORK_NAME = "Réseau des professionnels en Centres culturels asbl"
NETWORK_STREET = "rue du Couvent 4"
NETWORK_LOCALITY = "6810 Jamoigne"
NETWORK_PHONE = "061/29 29 19"
NETWORK_PHONE_URI = "tel:+3261292919"


def platform(request):
    """Public facts about the network, for the header and footer of every page."""
    return {
        "platform_name": settings.PLATFORM_NAME,
        "platform_contact_email": settings.PLATFORM_CONTACT_EMAIL,
        "platform_facebook_url": settings.PLATFORM_FACEBOOK_URL,
        "network_name": NETWORK_NAME,
        "network_street": NETWORK_STREET,
        "network_locality": NETWORK_LOCALITY,
        "network_phone": NETWORK_PHONE,
        "network_phone_uri": NETWORK_PHONE_URI,
    }

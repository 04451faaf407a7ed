"""The public read API (Wagtail API v2): endpoints, serializer fields, filters, caching and the OpenAPI schema.

`cms/api.py` registers the endpoints; models and blocks declare what they expose (`api_fields`,
`get_api_representation`) with the fields and representations of this package.
"""

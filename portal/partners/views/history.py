from django.core.paginator import Paginator
from django.shortcuts import render

from portal.core.models import AuditEntry

from ..access import partner_view


@partner_view(county=True)
def history(request):
    """Every recorded change: who, when, which fields, old and new values."""
    entries = AuditEntry.objects.select_related("user", "content_type")
    page = Paginator(entries, 50).get_page(request.GET.get("seite"))
    return render(request, "partners/history.html", {"page": page})

"""Cross-site scripting payloads, generated from the known classes of vectors. Every payload
sets `window.__xss` (or opens an alert) if it ever runs, so a browser test can tell."""

from itertools import product

RUN = ["window.__xss=1", "alert(1)", "top['__xss']=1", "eval('window.__xss=1')"]

VECTORS = [
    # script and style elements
    "<script>{js}</script>",
    "<SCRIPT>{js}</SCRIPT>",
    "<ScRiPt >{js}</sCrIpT >",
    "<script src=data:,{js}></script>",
    "<scr<script>ipt>{js}</scr</script>ipt>",
    "<style>@import 'javascript:{js}';</style>",
    "<style>*{{background:url('javascript:{js}')}}</style>",
    "</textarea><script>{js}</script>",
    "</title><script>{js}</script>",
    # event handlers
    "<img src=x onerror={js}>",
    "<IMG SRC=x OnErRoR={js}>",
    '<img src=x onerror="{js}"//',
    "<body onload={js}>",
    "<details open ontoggle={js}>",
    "<input autofocus onfocus={js}>",
    "<video><source onerror={js}>",
    "<div onmouseover='{js}'>x</div>",
    '" onmouseover="{js}" x="',
    "' onfocus='{js}' autofocus x='",
    "<a onclick={js} href=#>x</a>",
    # javascript:, data: and vbscript: addresses
    '<a href="javascript:{js}">x</a>',
    '<a href="JaVaScRiPt:{js}">x</a>',
    '<a href=" javascript:{js}">x</a>',
    '<a href="java&#x09;script:{js}">x</a>',
    '<a href="&#106;&#97;&#118;&#97;script:{js}">x</a>',
    '<iframe src="javascript:{js}"></iframe>',
    '<a href="data:text/html,<script>{js}</script>">x</a>',
    '<object data="data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg=="></object>',
    '<a href="vbscript:{js}">x</a>',
    '<form action="javascript:{js}"><button>x</button></form>',
    # SVG and MathML
    "<svg onload={js}>",
    "<svg><script>{js}</script></svg>",
    "<svg><animate onbegin={js} attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:{js}"><text x=0 y=20>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror={js}>",
    '<math href="javascript:{js}">x</math>',
    # encoded and broken tags
    "&lt;script&gt;{js}&lt;/script&gt;",
    "%3Cscript%3E{js}%3C/script%3E",
    "\\u003cscript\\u003e{js}\\u003c/script\\u003e",
    "<<script>script>{js}<</script>/script>",
    "<img src=x onerror={js}",
    "<!--<img src=--><img src=x onerror={js}//>",
    '<noscript><p title="</noscript><img src=x onerror={js}>">',
    # template syntax (must come out as text, never be evaluated)
    "{{% debug %}}{js}",
    "{{{{ request.META }}}}{js}",
    "{{% load static %}}{{% static 'x' %}}{js}",
    "${{{js}}}",
    # Markdown link and image tricks
    "[x](javascript:{js})",
    "[x](JAVASCRIPT:{js})",
    "[x](  javascript:{js})",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](javascript:{js})",
    '![x](x" onerror="{js})',
    "<javascript:{js}>",
    "[x][r]\n\n[r]: javascript:{js}",
    "[<img src=x onerror={js}>](https://example.org)",
]
PLACES = ["{v}", "Kurs {v} am Abend", "{v}\nZweite Zeile"]


def payloads() -> list[str]:
    """Every vector with every way to run, in three positions of a text: several hundred."""
    return [
        place.format(v=vector.format(js=js)) for vector, js, place in product(VECTORS, RUN, PLACES)
    ]


MARKERS = ("__xss", "alert(1)")

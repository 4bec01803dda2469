class HeadWithoutBody:
    """Answer HEAD with the headers of GET and no body. Django renders the body anyway; gunicorn
    then warns on every request of a link checker or monitor. Content-Length keeps the length
    the GET answer has."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming and response.content:
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response

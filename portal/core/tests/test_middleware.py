from django.http import HttpResponse, StreamingHttpResponse

from portal.core.middleware import HeadWithoutBody


def test_head_gets_the_headers_of_get_without_the_body(rf):
    def view(request):
        response = HttpResponse(b"<html>" + b"x" * 100)
        response["Content-Length"] = "106"
        return response

    response = HeadWithoutBody(view)(rf.head("/de/"))
    assert response.content == b""
    assert response["Content-Length"] == "106"
    assert HeadWithoutBody(view)(rf.get("/de/")).content.startswith(b"<html>")


def test_streamed_answers_are_left_alone(rf):
    response = HeadWithoutBody(lambda r: StreamingHttpResponse([b"a", b"b"]))(rf.head("/"))
    assert b"".join(response.streaming_content) == b"ab"

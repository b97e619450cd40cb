import pytest
from django.urls import reverse
from dannguyen.submissions.tests.conftest import pdf

def test_smoke(send, media):
    r = send(files=[pdf()])
    print(r.status_code)
    print(r.content.decode()[:6000])

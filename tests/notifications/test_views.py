import pytest
from django.urls import reverse

from notifications.models import DeliverySettings, Kind, Notification, NotificationPreference
from notifications.services import notify

pytestmark = pytest.mark.django_db


def _notify(user, title="Kerja sama segera berakhir", url="/kerja-sama/1/"):
    (notification,) = notify(recipients=[user], kind=Kind.AGREEMENT_EXPIRING, title=title, url=url)
    return notification


@pytest.fixture
def mine(operator):
    return _notify(operator)


@pytest.fixture
def theirs(outsider):
    return _notify(outsider, title="Milik kantor lain")


def _urls(notification) -> list[tuple[str, str]]:
    return [
        ("get", reverse("notifications:list")),
        ("get", reverse("notifications:bell")),
        ("get", reverse("notifications:preferences")),
        ("get", reverse("notifications:open", args=[notification.pk])),
        ("post", reverse("notifications:read", args=[notification.pk])),
        ("post", reverse("notifications:read-all")),
    ]


def test_anonymous_to_login(client, mine):
    for method, url in _urls(mine):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"], url
    mine.refresh_from_db()
    assert mine.read_at is None


def test_anonymous_htmx_poll_stops_polling(client):
    response = client.get(reverse("notifications:bell"), headers={"HX-Request": "true"})
    assert response.status_code == 286


def test_another_users_notification_404(login, operator, theirs):
    client = login(operator)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Milik kantor lain" not in client.get(reverse("notifications:list")).content.decode()


def test_wrong_method_405(login, operator, mine):
    client = login(operator)
    assert client.get(reverse("notifications:read", args=[mine.pk])).status_code == 405
    assert client.get(reverse("notifications:read-all")).status_code == 405
    assert client.post(reverse("notifications:bell")).status_code == 405
    assert client.post(reverse("notifications:open", args=[mine.pk])).status_code == 405
    assert client.post(reverse("notifications:list")).status_code == 405
    assert client.delete(reverse("notifications:preferences")).status_code == 405


def test_bell_counts_only_own_unread(login, operator, mine, theirs):
    _notify(operator, title="Kedua")
    response = login(operator).get(reverse("notifications:bell"))
    assert response.status_code == 200
    assert 'data-testid="unread-count">2<' in response.content.decode()
    assert "HX-Request" in response["Vary"]
    Notification.objects.filter(recipient=operator).update(read_at="2026-03-02T00:00Z")
    assert 'data-testid="unread-count"' not in (
        login(operator).get(reverse("notifications:bell")).content.decode()
    )


def test_header_polls_the_bell(login, operator):
    page = login(operator).get(reverse("notifications:list")).content.decode()
    assert f'hx-get="{reverse("notifications:bell")}"' in page
    assert 'hx-trigger="load, every 60s' in page


def test_list_shows_own_and_filters_unread(login, operator, mine):
    read = _notify(operator, title="Sudah dibaca")
    Notification.objects.filter(pk=read.pk).update(read_at="2026-03-02T00:00Z")
    client = login(operator)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Kerja sama segera berakhir" in page and "Sudah dibaca" in page
    unread = client.get(reverse("notifications:list") + "?belum=1").content.decode()
    assert "Kerja sama segera berakhir" in unread and "Sudah dibaca" not in unread


def test_mark_one_read(login, operator, mine):
    response = login(operator).post(reverse("notifications:read", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_mark_one_read_with_htmx_returns_the_row(login, operator, mine):
    response = login(operator).post(
        reverse("notifications:read", args=[mine.pk]), headers={"HX-Request": "true"}
    )
    assert response["HX-Trigger"] == "notifications-changed"
    assert f'id="notification-{mine.pk}"' in response.content.decode()
    assert "Tandai dibaca" not in response.content.decode()


def test_mark_all_read_leaves_others_alone(login, operator, mine, theirs):
    _notify(operator, title="Kedua")
    login(operator).post(reverse("notifications:read-all"))
    assert not Notification.objects.filter(recipient=operator, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_open_goes_to_the_subject_and_changes_nothing(login, operator, mine):
    response = login(operator).get(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/kerja-sama/1/?notifikasi={mine.pk}"
    mine.refresh_from_db()
    assert mine.read_at is None  # a GET is safe: the subject page marks it read, by POST


def test_open_keeps_the_subjects_query(login, operator):
    notification = _notify(operator, url="/kerja-sama/?state=SIGNED&notifikasi=9")
    response = login(operator).get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == f"/kerja-sama/?state=SIGNED&notifikasi={notification.pk}"


def test_open_a_read_notification_goes_straight_to_the_subject(login, operator, mine):
    Notification.objects.filter(pk=mine.pk).update(read_at="2026-03-02T00:00Z")
    response = login(operator).get(reverse("notifications:open", args=[mine.pk]))
    assert response["Location"] == "/kerja-sama/1/"


def test_subject_page_marks_read_with_an_htmx_post(login, operator, mine):
    client = login(operator)
    page = client.get(reverse("home"), {"notifikasi": mine.pk}).content.decode()
    url = reverse("notifications:read", args=[mine.pk])
    assert f'hx-post="{url}" hx-trigger="load" hx-swap="none"' in page
    mine.refresh_from_db()
    assert mine.read_at is None
    response = client.post(url, headers={"HX-Request": "true"})
    assert response["HX-Trigger"] == "notifications-changed"
    mine.refresh_from_db()
    assert mine.read_at is not None


@pytest.mark.parametrize("value", ["abc", "²", "1" * 30, "-1", ""])
def test_subject_page_ignores_a_malformed_notification_id(login, operator, value):
    response = login(operator).get(reverse("home"), {"notifikasi": value})
    assert response.status_code == 200
    assert 'data-testid="mark-read-on-arrival"' not in response.content.decode()


def test_subject_page_offers_nothing_to_the_anonymous(client, mine):
    response = client.get(reverse("login"), {"notifikasi": mine.pk})
    assert 'data-testid="mark-read-on-arrival"' not in response.content.decode()


def test_open_never_redirects_off_site(login, operator):
    evil = _notify(operator, url="https://contoh.invalid/")
    response = login(operator).get(reverse("notifications:open", args=[evil.pk]))
    assert response["Location"] == f"{reverse('notifications:list')}?notifikasi={evil.pk}"


def test_preferences_saved(login, operator):
    client = login(operator)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Kirim email untuk" in page
    response = client.post(
        reverse("notifications:preferences"),
        {"email_kinds": [Kind.REVIEW_PENDING], "daily_digest": "on"},
    )
    assert response.status_code == 302
    assert set(
        NotificationPreference.objects.filter(user=operator, email=True).values_list(
            "kind", flat=True
        )
    ) == {Kind.REVIEW_PENDING}
    assert DeliverySettings.objects.get(user=operator).daily_digest is True
    form = client.get(reverse("notifications:preferences")).context["form"]
    assert form.initial == {"email_kinds": [Kind.REVIEW_PENDING], "daily_digest": True}

import re

import pytest
from django.urls import reverse

from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.tests.factories import applicant
from gongkai.orgs.codes import make_credit_code

pytestmark = pytest.mark.django_db


def form_token(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def post_data(token, **overrides):
    return applicant(**overrides) | {"token": token, "action": "submit"}


def test_a_citizen_applies_and_gets_a_number_and_a_query_code(client, two_orgs):
    url = reverse("portal:apply", args=["jia"])
    page = client.get(url)
    assert "个人信息处理告知" in page.content.decode()
    response = client.post(url, post_data(form_token(page)), follow=True)
    text = response.content.decode()
    assert "申请已提交" in text
    assert "2026-0001" in text or InfoRequest.objects.get().number in text
    code = re.search(r'class="query-code">([A-Z0-9-]+)<', text).group(1)
    from gongkai.info_requests.services import query_code_index

    assert InfoRequest.objects.get().query_code_index == query_code_index(code.replace("-", ""))


def test_a_missing_element_is_named_and_everything_typed_is_kept(client, two_orgs):
    url = reverse("portal:apply", args=["jia"])
    token = form_token(client.get(url))
    data = post_data(token, description="", applicant_name="赵六一")
    data["id_number"] = "110101199003071235"  # wrong check digit
    response = client.post(url, data)
    text = response.content.decode()
    assert response.status_code == 200
    assert "居民身份证号码不正确" in text
    assert "这个字段是必填项" in text or "必填" in text
    assert 'value="赵六一"' in text
    assert data["address"] in text
    assert not InfoRequest.objects.exists()


def test_a_double_click_creates_one_application_and_both_answers_show_the_same_code(client, two_orgs):
    url = reverse("portal:apply", args=["jia"])
    data = post_data(form_token(client.get(url)))
    first = client.post(url, data, follow=True).content.decode()
    second = client.post(url, data, follow=True).content.decode()
    code = re.compile(r'class="query-code">([A-Z0-9-]+)<')
    assert code.search(first).group(1) == code.search(second).group(1)
    assert InfoRequest.objects.count() == 1


def test_search_before_you_ask_keeps_the_form_and_shows_published_records(client, two_orgs, search_index):
    two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title="2025年老旧小区改造项目资金安排"))
    search_index()
    url = reverse("portal:apply", args=["jia"])
    data = post_data(form_token(client.get(url)), applicant_name="钱七")
    data["action"] = "check"
    text = client.post(url, data).content.decode()
    assert "老旧小区改造项目资金安排" in re.sub(r"</?mark>", "", text)
    assert 'value="钱七"' in text

    assert not InfoRequest.objects.exists()


def test_a_script_filling_the_hidden_field_or_flooding_is_stopped(client, two_orgs, settings):
    url = reverse("portal:apply", args=["jia"])
    data = post_data(form_token(client.get(url)))
    assert "提交失败" in client.post(url, data | {"website": "http://spam"}).content.decode()
    # The refused script's attempt counts: four more go through, the sixth in ten minutes not.
    for _ in range(4):
        client.post(url, post_data(form_token(client.get(url))))
    assert InfoRequest.objects.count() == 4
    refused = client.post(url, post_data(form_token(client.get(url)))).content.decode()
    assert "提交过于频繁" in refused
    assert InfoRequest.objects.count() == 4


def test_the_apply_page_of_an_unknown_organ_is_404(client, two_orgs):
    assert client.get("/org/nobody/apply/").status_code == 404


def test_the_query_code_is_never_kept_in_the_session_store(client, two_orgs):
    """Issue 17 finding 8: the code sat in the session row (``apply:done``) after submission."""
    from django.contrib.sessions.models import Session

    url = reverse("portal:apply", args=["jia"])
    response = client.post(url, post_data(form_token(client.get(url))), follow=True)
    code = re.search(r'class="query-code">([A-Z0-9-]+)<', response.content.decode()).group(1)
    client.get(reverse("portal:apply_track", args=["jia"]))  # any later request saves the session again
    stored = [str(session.get_decoded()) + session.session_data for session in Session.objects.all()]
    for data in stored:
        assert code not in data
        assert code.replace("-", "") not in data
    assert "apply:done" not in str(stored)


def test_the_console_mail_backend_logs_neither_the_code_nor_the_applicants_address(
    client, two_orgs, settings, capsys, django_capture_on_commit_callbacks
):
    """Issue 17 finding 8: the embedded default printed the applicant's address beside the code."""
    settings.EMAIL_BACKEND = "gongkai.core.mail.RedactingConsoleBackend"
    url = reverse("portal:apply", args=["jia"])
    data = post_data(form_token(client.get(url)), email="zhaoliu.applicant@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    code = re.search(r'class="query-code">([A-Z0-9-]+)<', response.content.decode()).group(1)
    logged = capsys.readouterr().out
    assert InfoRequest.objects.get().number in logged, "the message itself is still logged"
    assert "z***@example.com" in logged
    assert "zhaoliu.applicant" not in logged
    assert code not in logged
    assert code.replace("-", "") not in logged


def test_the_search_before_you_ask_step_is_rate_limited(client, two_orgs, search_index):
    """Issue 17 finding 2: the check step ran a search per click with no limit."""
    from gongkai.portal.apply import CHECK_LIMIT

    url = reverse("portal:apply", args=["jia"])
    data = post_data(form_token(client.get(url))) | {"action": "check"}
    answers = [client.post(url, data).content.decode() for _ in range(CHECK_LIMIT[0] + 3)]
    assert all("可能符合您的需要" in text for text in answers[: CHECK_LIMIT[0]])
    for text in answers[CHECK_LIMIT[0] :]:
        assert "提交过于频繁" in text
        assert "可能符合您的需要" not in text
        assert data["address"] in text, "what was typed is kept"
    assert not InfoRequest.objects.exists()


def _radios(text: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}"[^>]*>', text)


def test_radio_groups_offer_no_empty_choice_and_none_is_pre_checked(client, two_orgs):
    text = client.get(reverse("portal:apply", args=["jia"])).content.decode()
    assert "---------</label>" not in text
    for name in ("applicant_kind", "provision_form", "obtain_method"):
        radios = _radios(text, name)
        assert radios, name
        assert not any('value=""' in r or "checked" in r for r in radios), name


def test_an_empty_phone_gets_one_error_and_the_banner_links_to_each_wrong_field(client, two_orgs):
    url = reverse("portal:apply", args=["jia"])
    data = post_data(form_token(client.get(url)), phone="", description="")
    del data["provision_form"]
    text = client.post(url, data).content.decode()
    phone_field = text[text.index('name="phone"') :]
    phone_field = phone_field[: phone_field.index("</div>")]
    assert phone_field.count('class="error"') == 1
    banner = re.search(r'<ul class="error-list">(.*?)</ul>', text, re.S).group(1)
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', banner)
    assert links == [
        ("id_phone", "联系电话"),
        ("id_description", "所需政府信息的名称、文号或者其他特征性描述"),
        ("id_provision_form_0", "信息的提供形式"),
    ]
    for anchor, _label in links:
        assert f'id="{anchor}"' in text


def test_contact_person_is_asked_only_of_an_organisation(client, two_orgs):
    url = reverse("portal:apply", args=["jia"])
    page = client.get(url).content.decode()
    assert re.search(
        r'<div class="org-only">\s*<div class="field[^"]*">\s*<label for="id_contact_person"', page
    )
    # No kind chosen yet: the kind is asked for, the 联系人 is not.
    data = post_data(form_token(client.get(url)))
    del data["applicant_kind"]
    text = client.post(url, data).content.decode()
    assert "请填写联系人" not in text
    assert 'href="#id_applicant_kind_0"' in text
    # A citizen is never asked for one; a company is.
    citizen = client.post(url, post_data(form_token(client.get(url)), phone="1")).content.decode()
    assert "请填写联系人" not in citizen
    company = client.post(
        url,
        post_data(
            form_token(client.get(url)),
            applicant_kind="commercial",
            id_type="credit_code",
            id_number=make_credit_code("91652301MA77XXXX0"),
        ),
    ).content.decode()
    assert "法人或其他组织请填写联系人" in company
    assert 'href="#id_contact_person"' in company


def test_a_credit_code_with_a_wrong_check_character_is_refused_and_everything_typed_kept(client, two_orgs):
    url = reverse("portal:apply", args=["jia"])
    good = make_credit_code("91350100M000100Y4")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    data = post_data(
        form_token(client.get(url)),
        applicant_kind="research",
        applicant_name="某某研究院",
        id_type="credit_code",
        id_number=wrong,
        contact_person="王五",
        provision_form="paper",
        obtain_method="post",
    )
    text = client.post(url, data).content.decode()
    assert "统一社会信用代码不正确" in text
    assert not InfoRequest.objects.exists()
    # Every kind of input comes back as typed: text, select, radios.
    for typed in (wrong, "王五", "某某研究院"):
        assert f'value="{typed}"' in text
    assert re.search(r'<option value="credit_code" selected>', text)
    for name, value in (
        ("applicant_kind", "research"),
        ("provision_form", "paper"),
        ("obtain_method", "post"),
    ):
        checked = [r for r in _radios(text, name) if "checked" in r]
        assert len(checked) == 1, name
        assert f'value="{value}"' in checked[0], name
    client.post(url, data | {"id_number": good})
    assert InfoRequest.objects.count() == 1


def test_the_search_before_you_ask_box_marks_words_not_single_characters(client, two_orgs, search_index):
    """Issue 16 item 6: a description with 年 in it marked every 年 of every title it found."""
    for title in ("2025年老旧小区改造项目资金安排", "关于印发2024年政务公开工作要点的通知"):
        two_orgs.publish(two_orgs.draft(two_orgs.gov_a, title=title))
    search_index()
    url = reverse("portal:apply", args=["jia"])
    data = post_data(form_token(client.get(url)), description="请公开近三年 年 老旧小区改造的资金安排")
    data["action"] = "check"
    text = client.post(url, data).content.decode()
    matches = text[text.index('class="matches"') : text.index("</section>", text.index('class="matches"'))]
    assert "<mark>老旧小区</mark>" in matches or "<mark>改造</mark>" in matches
    assert "<mark>年</mark>" not in matches
    assert "<mark>" in matches

"""The navigation: only sections that exist and that the user may open.

It lives at project level because it names every app; apps never import it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dannguyen.accounts import permissions as account_permissions
from dannguyen.briefs import permissions as brief_permissions
from dannguyen.core import permissions
from dannguyen.correspondence import permissions as letter_permissions
from dannguyen.deputies import permissions as deputy_permissions
from dannguyen.events import permissions as event_permissions
from dannguyen.legal import permissions as legal_permissions
from dannguyen.news import permissions as news_permissions
from dannguyen.outreach import permissions as outreach_permissions
from dannguyen.petitions import permissions as petition_permissions
from dannguyen.reception import permissions as reception_permissions
from dannguyen.reports import permissions as report_permissions
from dannguyen.research import permissions as research_permissions
from dannguyen.supervision import permissions as supervision_permissions
from dannguyen.voters import permissions as voter_permissions


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items: list[dict[str, Any]] = []
    if user is not None and account_permissions.can_use_system(user):
        items.append({"label": _("My work"), "url": reverse("core:home"), "key": "home"})
        if legal_permissions.can_view_legal(user):
            items.append(
                {"label": _("Legal documents"), "url": reverse("legal:search"), "key": "legal"}
            )
        if petition_permissions.can_browse(user):
            register = reverse("petitions:list")
            children = [
                {"label": _("Petition register"), "url": register},
                {"label": _("My petitions"), "url": f"{register}?scope=mine"},
                {"label": _("Not yet assigned"), "url": f"{register}?scope=unassigned"},
                {"label": _("Deadlines"), "url": reverse("petitions:work")},
            ]
            if petition_permissions.can_view_register(user):
                children.append(
                    {
                        "label": _("Agency accountability"),
                        "url": reverse("petitions:accountability"),
                    }
                )
            if petition_permissions.can_register(user):
                children.insert(0, {"label": _("New petition"), "url": reverse("petitions:create")})
            items.append({"label": _("Petitions"), "key": "petitions", "children": children})
        if reception_permissions.can_view_reception(user):
            children = [
                {"label": _("Reception overview"), "url": reverse("reception:index")},
                {"label": _("Reception calendar"), "url": reverse("reception:calendar")},
                {"label": _("Reception sessions"), "url": reverse("reception:session_list")},
            ]
            if reception_permissions.can_plan_session(user):
                children.append(
                    {"label": _("Plan a session"), "url": reverse("reception:session_create")}
                )
            if reception_permissions.can_view_register(user):
                children.append(
                    {"label": _("Citizen reception register"), "url": reverse("reception:register")}
                )
            items.append(
                {"label": _("Citizen reception"), "key": "reception", "children": children}
            )
        if letter_permissions.can_view_letters(user):
            children = [
                {"label": _("Outgoing letters register"), "url": reverse("correspondence:list")}
            ]
            if letter_permissions.can_draft(user):
                children.append({"label": _("New letter"), "url": reverse("correspondence:create")})
            if letter_permissions.can_manage_templates(user):
                children.append(
                    {"label": _("Letter templates"), "url": reverse("correspondence:templates")}
                )
            items.append({"label": _("Outgoing letters"), "key": "letters", "children": children})
        if supervision_permissions.can_view_supervision(user):
            children = [
                {"label": _("Supervision plans"), "url": reverse("supervision:plan_list")},
            ]
            if supervision_permissions.can_create_plan(user):
                children.append(
                    {"label": _("New supervision plan"), "url": reverse("supervision:plan_create")}
                )
            if supervision_permissions.can_view_overdue(user):
                children.append(
                    {"label": _("Overdue recommendations"), "url": reverse("supervision:overdue")}
                )
            items.append({"label": _("Supervision"), "key": "supervision", "children": children})
        if voter_permissions.can_view_voters(user):
            children = [
                {"label": _("Sessions and meetings"), "url": reverse("voters:session_list")}
            ]
            children.append(
                {"label": _("Petitions still unresolved"), "url": reverse("voters:backlog")}
            )
            if voter_permissions.can_manage_sessions(user):
                children.append(
                    {"label": _("New session"), "url": reverse("voters:session_create")}
                )
            items.append({"label": _("Voter contact"), "key": "voters", "children": children})
        # Conferences, research and visits: the office's other duties (2 and 5), one menu.
        activities: list[dict[str, Any]] = []
        if event_permissions.can_view_events(user):
            activities += [
                {"header": _("Conferences and training")},
                {"label": _("Events"), "url": reverse("events:event_list")},
                {"label": _("Events calendar"), "url": reverse("events:calendar")},
            ]
            if event_permissions.can_create_event(user):
                activities.append({"label": _("New event"), "url": reverse("events:event_create")})
        if research_permissions.can_view_research(user):
            activities += [
                {"header": _("Research")},
                {"label": _("Research topics"), "url": reverse("research:topic_list")},
            ]
            if research_permissions.can_create_topic(user):
                activities.append(
                    {"label": _("New research topic"), "url": reverse("research:topic_create")}
                )
        if outreach_permissions.can_view_outreach(user):
            activities += [
                {"header": _("Policy and charity visits")},
                {"label": _("Visit programmes"), "url": reverse("outreach:programme_list")},
            ]
            if outreach_permissions.can_create_programme(user):
                activities.append(
                    {"label": _("New visit programme"), "url": reverse("outreach:programme_create")}
                )
        if activities:
            items.append({"label": _("Activities"), "key": "activities", "children": activities})
        # Duty 1's information work: the deputies, the briefs compiled for them, the news
        # and the public portal where it all appears.
        information: list[dict[str, Any]] = []
        if deputy_permissions.can_view_deputies(user):
            information.append({"label": _("Deputies"), "url": reverse("deputies:person_list")})
        if brief_permissions.can_view_briefs(user):
            information.append({"label": _("Information packages"), "url": reverse("briefs:list")})
        if news_permissions.can_view_news(user):
            information.append({"label": _("News"), "url": reverse("news:article_list")})
        if information:
            information.append({"label": _("Public portal"), "url": reverse("portal:home")})
            items.append({"label": _("Information"), "key": "information", "children": information})
        if report_permissions.can_view_reports(user):
            children = [{"label": _("Statistics and reports"), "url": reverse("reports:index")}]
            if report_permissions.can_manage_layouts(user):
                children.append(
                    {"label": _("Report layouts"), "url": reverse("reports:layout_list")}
                )
            items.append({"label": _("Reports"), "key": "reports", "children": children})
        # Reference data and administration share one menu: the bar has room for the
        # office's duties, not for two menus of settings.
        system: list[dict[str, Any]] = []
        if permissions.can_view_reference_data(user):
            system += [
                {"header": _("Reference data")},
                {"label": _("Agencies"), "url": reverse("core:agency_list")},
                {"label": _("Fields (lĩnh vực)"), "url": reverse("core:field_list")},
                {"label": _("Administrative units"), "url": reverse("core:unit_list")},
                {"label": _("Convert an old address"), "url": reverse("core:address_convert")},
                {"label": _("Working-day calendar"), "url": reverse("core:calendar_list")},
            ]
        admin_children = []
        if account_permissions.can_manage_users(user):
            admin_children.append({"label": _("Users"), "url": reverse("accounts:user_list")})
        if account_permissions.can_view_audit(user):
            admin_children.append({"label": _("Audit log"), "url": reverse("core:audit_log")})
        if admin_children:
            system += [{"header": _("Administration")}, *admin_children]
        if system:
            items.append({"label": _("System"), "key": "system", "children": system})
    return {
        "nav_items": items,
        "office_name": settings.OFFICE_NAME,
        "office_parent_name": settings.OFFICE_PARENT_NAME,
    }

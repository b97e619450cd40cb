from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dannguyen.lib.vietnamese import fold

from . import permissions
from .forms import AdminSetPasswordForm, LoginForm, NewUserForm, TokenForm, UserForm
from .models import ApiToken, User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_own_tokens(request.user):
        raise PermissionDenied
    user = cast(User, request.user)
    new_token = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, new_token = ApiToken.issue(user, name=form.cleaned_data["name"])
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=user)
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "tokens": tokens, "new_token": new_token},
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if not permissions.can_manage_own_tokens(request.user):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        messages.success(request, _("The token has been revoked."))
    return redirect("accounts:profile")


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_users(request.user):
        raise PermissionDenied
    q = request.GET.get("q", "").strip()[:100]
    users = User.objects.prefetch_related("roles").order_by("full_name", "username")
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(full_name__icontains=q) | Q(email__icontains=q)
        )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    context = {"page": page, "q": q, "folded_q": fold(q)}
    template = "accounts/user_list.html#results" if request.htmx else "accounts/user_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_users(request.user):
        raise PermissionDenied
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save(commit=False)
            user.set_password(form.cleaned_data["password1"])
            user.save()
            user.set_roles(list(form.cleaned_data["roles"]))
        messages.success(request, _("Account %(name)s created.") % {"name": user})
        return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "is_new": True})


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    if not permissions.can_manage_users(request.user):
        raise PermissionDenied
    form = UserForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            account.set_roles(list(form.cleaned_data["roles"]))
        messages.success(request, _("Account %(name)s saved.") % {"name": account})
        return redirect("accounts:user_edit", pk=account.pk)
    return render(
        request, "accounts/user_form.html", {"form": form, "account": account, "is_new": False}
    )


@login_required
def user_set_password(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    if not permissions.can_manage_users(request.user):
        raise PermissionDenied
    form = AdminSetPasswordForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The password of %(name)s has been set.") % {"name": account})
        return redirect("accounts:user_edit", pk=account.pk)
    return render(request, "accounts/user_password.html", {"form": form, "account": account})

"""Reads of the council's people, always given who is asking."""

from django.db.models import Q, QuerySet

from wardcase.accounts.models import Role, User
from wardcase.accounts.permissions import can_manage_users


def users_for_admin(*, user: User, role: str = "", query: str = "") -> QuerySet[User]:
    """Everyone, for an administrator, filtered by role and by words of the name, username
    or email; nobody for anyone else."""
    if not can_manage_users(user):
        return User.objects.none()
    people = User.objects.select_related("ward", "department").order_by("name", "username")
    if role in Role.values:
        people = people.filter(role=role)
    for word in query.split():
        people = people.filter(
            Q(name__icontains=word) | Q(username__icontains=word) | Q(email__icontains=word)
        )
    return people


def user_for_admin(*, user: User, pk: int) -> User | None:
    """One person, for an administrator; None if there is no such person or may not see."""
    return users_for_admin(user=user).filter(pk=pk).first()


def councillor_choices() -> QuerySet[User]:
    """Councillors a caseworker may act for."""
    return User.objects.filter(role=Role.COUNCILLOR, is_active=True).order_by("name")

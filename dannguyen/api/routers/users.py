from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["accounts"])


class RoleOut(Schema):
    code: str
    name: str


class MeOut(Schema):
    username: str
    full_name: str
    position: str
    unit: str
    email: str
    phone: str
    is_superuser: bool
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        username=user.username,
        full_name=user.full_name,  # type: ignore[union-attr]
        position=user.position,  # type: ignore[union-attr]
        unit=user.unit,  # type: ignore[union-attr]
        email=user.email,  # type: ignore[union-attr]
        phone=user.phone,  # type: ignore[union-attr]
        is_superuser=user.is_superuser,
        roles=[RoleOut(code=r.code, name=r.name) for r in user.roles.all()],  # type: ignore[union-attr]
    )

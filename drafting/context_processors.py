from drafting import access


def drafting_menu(request) -> dict:
    """Whether the header shows "Opmaak meerjarenplan" (the cel, the MT, the beheerder, eigenaars)."""
    user = getattr(request, "user", None)
    return {"may_read_drafts": bool(user and user.is_authenticated and access.may_read(user))}

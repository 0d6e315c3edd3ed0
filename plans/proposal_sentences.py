"""Proposals in words: the rapportering's own phrasing, and what applying one will change."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.numbering import natural_sort_key
from plans.amendments import money_lines, state_word
from plans.models import Action, ChangeProposal, ProposalKind

# Each sentence whole, so a translation can order its parts as its language does.
REMOVE = _("Voorstel te schrappen: %(targets)s")
REWORD = _("Voorstel te herformuleren: %(targets)s ‘%(title)s’")
REWORD_WITHOUT_TEXT = _("Voorstel te herformuleren: %(targets)s")
MERGE_INTO = _("Voorstel te bundelen: %(targets)s in actie %(number)s")
MERGE_INTO_WORDED = _("Voorstel te bundelen: %(targets)s in actie %(number)s ‘%(title)s’")
MERGE_INTO_NEW = _("Voorstel te bundelen: %(targets)s in één nieuwe actie %(number)s")
MERGE_INTO_NEW_WORDED = _("Voorstel te bundelen: %(targets)s in één nieuwe actie %(number)s ‘%(title)s’")
ADD_ACTION_PLAN = _(
    "Voorstel toe te voegen: nieuw actieplan %(number)s ‘%(title)s’ onder doelstelling %(goal)s"
)
ADD_ACTION = _("Voorstel toe te voegen: nieuwe actie %(number)s ‘%(title)s’ in actieplan %(action_plan)s")
AMOUNTS = _("Voorstel de ramingen te wijzigen van %(targets)s")
PRIORITY = _("Voorstel %(targets)s %(state)s te maken")


def _sentence(text: str) -> str:
    """End with a full stop, unless the text already ends with one inside its closing quote."""
    return text if text.rstrip("’”'\"").endswith((".", "!", "?")) else f"{text}."


def _join(words: list[str]) -> str:
    """ "a", "a en b", "a, b en c"."""
    if len(words) == 1:
        return words[0]
    return _("%(first)s en %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def _is_run(numbers: list[str]) -> bool:
    """Consecutive numbers of one action plan, such as 120.2, 120.3, 120.4, 120.5."""
    if len(numbers) < 3:
        return False
    heads = {n.rsplit(".", 1)[0] for n in numbers}
    tails = [n.rsplit(".", 1)[-1] for n in numbers]
    if len(heads) != 1 or not all(t.isdigit() for t in tails):
        return False
    values = [int(t) for t in tails]
    return values == list(range(values[0], values[0] + len(values)))


def actions_phrase(actions: list[Action]) -> str:
    """ "actie 10.2", "acties 40.1 en 40.2", "acties 120.2 tot en met 120.5"."""
    numbers = sorted((a.number for a in actions), key=natural_sort_key)
    if len(numbers) == 1:
        return _("actie %(number)s") % {"number": numbers[0]}
    if _is_run(numbers):
        return _("acties %(first)s tot en met %(last)s") % {"first": numbers[0], "last": numbers[-1]}
    return _("acties %(numbers)s") % {"numbers": _join(numbers)}


def _target_phrase(proposal: ChangeProposal, actions: list[Action]) -> str:
    if actions:
        return actions_phrase(actions)
    if proposal.action_plan is None:  # a new actieplan: not in the plan yet
        return _("nieuw actieplan %(number)s") % {"number": proposal.details.get("number", "")}
    return _("actieplan %(number)s") % {"number": proposal.action_plan.number}


def _amendment_phrase(proposal: ChangeProposal, actions: list[Action]) -> str:
    details = proposal.details
    if proposal.kind == ProposalKind.ADD:
        words = {"number": details.get("number", ""), "title": details.get("title", "")}
        if proposal.action_plan is None or proposal.goal_id:
            goal = proposal.goal.number if proposal.goal else ""
            return _sentence(ADD_ACTION_PLAN % (words | {"goal": goal}))
        return _sentence(ADD_ACTION % (words | {"action_plan": proposal.action_plan.number}))
    targets = _target_phrase(proposal, actions)
    if proposal.kind == ProposalKind.AMOUNTS:
        return _sentence(AMOUNTS % {"targets": targets})
    return _sentence(PRIORITY % {"targets": targets, "state": state_word(bool(details.get("priority")))})


def phrase(proposal: ChangeProposal, actions: list[Action] | None = None) -> str:
    """The proposal as the rapportering writes it, e.g. "Voorstel te schrappen: actie 40.1 en 40.2."

    ``actions`` may be passed when already loaded, to spare a query.
    """
    actions = list(proposal.actions.all()) if actions is None else actions
    if proposal.kind in (ProposalKind.ADD, ProposalKind.AMOUNTS, ProposalKind.PRIORITY):
        return _amendment_phrase(proposal, actions)
    words = {"targets": _target_phrase(proposal, actions), "title": proposal.new_title}
    if proposal.kind == ProposalKind.REWORD:
        return _sentence((REWORD if proposal.new_title else REWORD_WITHOUT_TEXT) % words)
    if proposal.kind == ProposalKind.MERGE:
        if proposal.merge_into:
            sentence = MERGE_INTO_WORDED if proposal.new_title else MERGE_INTO
            words["number"] = proposal.merge_into.number
        else:
            sentence = MERGE_INTO_NEW_WORDED if proposal.new_title else MERGE_INTO_NEW
            words["number"] = proposal.new_action_number
        return _sentence(sentence % words)
    return _sentence(REMOVE % words)


def effects(proposal: ChangeProposal, actions: list[Action] | None = None) -> list[str]:
    """What applying the proposal will change, one sentence per change, for the raad-decision page."""
    actions = list(proposal.actions.all()) if actions is None else actions
    if proposal.kind in (ProposalKind.ADD, ProposalKind.AMOUNTS, ProposalKind.PRIORITY):
        return _amendment_effects(proposal, actions)
    if proposal.kind == ProposalKind.REMOVE:
        if not actions:
            count = getattr(proposal, "active_actions", None)  # annotated by the pages' query
            if count is None:
                count = proposal.action_plan.actions.active().count()
            return [
                ngettext(
                    "Actieplan %(number)s “%(title)s” wordt geschrapt, met zijn %(count)d actieve actie.",
                    "Actieplan %(number)s “%(title)s” wordt geschrapt, met zijn %(count)d actieve acties.",
                    count,
                )
                % {"number": proposal.action_plan.number, "title": proposal.action_plan.title, "count": count}
            ]
        return [_("%(item)s “%(title)s” wordt geschrapt.") % {"item": a, "title": a.title} for a in actions]
    if proposal.kind == ProposalKind.REWORD:
        target = actions[0] if actions else proposal.action_plan
        new = proposal.new_title or _("(nog geen formulering)")
        return [
            _sentence(
                _("%(item)s: “%(old)s” wordt “%(new)s”") % {"item": target, "old": target.title, "new": new}
            )
        ]
    lines = []
    if proposal.merge_into:
        target = proposal.merge_into
        if proposal.new_title and proposal.new_title != target.title:
            lines.append(
                _("%(item)s krijgt de titel “%(new)s” (was “%(old)s”).")
                % {"item": target, "new": proposal.new_title, "old": target.title}
            )
        number = target.number
    else:
        number = proposal.new_action_number
        lines.append(
            _sentence(
                _("Nieuwe actie %(number)s wordt aangemaakt in actieplan %(action_plan)s: “%(title)s”")
                % {"number": number, "title": proposal.new_title, "action_plan": proposal.action_plan.number}
            )
        )
    lines.append(
        _("%(actions)s worden gebundeld in actie %(number)s.")
        % {"actions": actions_phrase(actions).capitalize(), "number": number}
    )
    return lines


def _amendment_effects(proposal: ChangeProposal, actions: list[Action]) -> list[str]:
    details = proposal.details
    if proposal.kind == ProposalKind.ADD:
        words = {"number": details.get("number", ""), "title": details.get("title", "")}
        if proposal.goal_id:
            goal = proposal.goal
            return [
                _sentence(
                    _("Nieuw actieplan %(number)s “%(title)s” wordt aangemaakt onder doelstelling %(goal)s")
                    % (words | {"goal": f"{goal.number}: {goal.title}"})
                )
            ]
        years = [details.get("start_year"), details.get("end_year")]
        line = _sentence(
            _("Nieuwe actie %(number)s wordt aangemaakt in actieplan %(action_plan)s: “%(title)s”")
            % (words | {"action_plan": proposal.action_plan.number})
        )
        if any(years):
            line += " " + _("Looptijd: %(years)s.") % {"years": " - ".join(str(y) for y in years if y)}
        return [line]
    if proposal.kind == ProposalKind.AMOUNTS:
        return money_lines(details) or [_("De ramingen blijven dezelfde.")]
    target = actions[0] if actions else proposal.action_plan
    return [
        _("%(item)s “%(title)s” wordt %(state)s.")
        % {"item": target, "title": target.title, "state": state_word(bool(details.get("priority")))}
    ]

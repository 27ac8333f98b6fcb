"""What the lists' tables share: cells labelled for the phone layout, and columns each user
may hide, remembered on the user (User.hidden_columns) by core.views.table_columns."""

import re

from django.utils.translation import gettext_lazy as _

# The CSS class that turns each row into a card under 576 px (static/css/app.css); each cell
# shows its column's header from data-label.
STACKED = "table-stack"
LIST_NAME = re.compile(r"[a-z][a-z_]{0,29}")


def stacked_attrs(css: str = "table table-sm table-hover align-middle") -> dict:
    """Meta.attrs of a table that stacks on a phone: every cell carries its header."""
    return {
        "class": f"{css} {STACKED}",
        "td": {"data-label": lambda bound_column: bound_column.header},
    }


class ColumnChoiceMixin:
    """A table whose `optional_columns` each user may show or hide.

    `list_name` keys the choice in User.hidden_columns; until a user chooses, the columns in
    `hidden_by_default` are hidden. The hiding happens in before_render, so the rows, the
    ordering and the export are the same whatever is shown.
    """

    list_name = ""
    optional_columns: tuple[str, ...] = ()
    hidden_by_default: tuple[str, ...] = ()
    column_menu_label = _("Kolom")

    def hidden_for(self, user) -> set[str]:
        stored = None
        if user is not None and user.is_authenticated:
            stored = (user.hidden_columns or {}).get(self.list_name)
        chosen = self.hidden_by_default if stored is None else stored
        return set(chosen) & set(self.optional_columns)

    def before_render(self, request):
        for name in self.hidden_for(getattr(request, "user", None)):
            self.columns.hide(name)

    @property
    def column_choices(self) -> list[tuple[str, str, bool]]:
        """(name, header, shown) for each optional column, for the column menu."""
        request = getattr(self, "request", None)
        hidden = self.hidden_for(getattr(request, "user", None))
        return [
            (name, str(self.columns[name].header), name not in hidden)
            for name in self.optional_columns
        ]

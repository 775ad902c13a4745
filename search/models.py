"""What editors tune search with (synonyms, dictionary words) and what search records (queries)."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SEPARATORS = re.compile(r"[,，、;；\n]+")


def split_terms(text: str) -> list[str]:
    """ "最低生活保障，低保金; dibao" -> ["最低生活保障", "低保金", "dibao"] (any separator)."""
    return [part.strip().lower() for part in SEPARATORS.split(text or "") if part.strip()]


class Synonym(models.Model):
    """Words residents use for the same thing: 低保 = 最低生活保障, 廉租房 -> 公租房."""

    term = models.CharField(
        _("word residents type"),
        max_length=50,
        unique=True,
        help_text=_("For example 低保 or 廉租房."),
    )
    synonyms = models.CharField(
        _("also search for"),
        max_length=300,
        help_text=_("Words separated by commas, for example 最低生活保障，低保金."),
    )
    two_way = models.BooleanField(
        _("works both ways"),
        default=True,
        help_text=_(
            "When ticked, searching any of the words finds the others too (低保 = 最低生活保障). "
            "Untick for an old or wrong name that should lead to the right one only "
            "(廉租房 -> 公租房)."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["term"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")

    def __str__(self) -> str:
        arrow = "=" if self.two_way else "->"
        return f"{self.term} {arrow} {self.synonyms}"

    def clean(self):
        self.term = self.term.strip().lower()
        words = split_terms(self.synonyms)
        if not words:
            raise ValidationError({"synonyms": _("Give at least one word.")})
        if self.term in words:
            raise ValidationError({"synonyms": _("A word cannot be its own synonym.")})
        self.synonyms = "，".join(words)

    def words(self) -> list[str]:
        return split_terms(self.synonyms)


class DictionaryWord(models.Model):
    """A word the segmenter must keep whole (a place, a programme, a local name)."""

    word = models.CharField(
        _("word"),
        max_length=30,
        unique=True,
        help_text=_("For example 幸福里 or 银龄课堂. Pages are re-indexed after a change."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("dictionary word")
        verbose_name_plural = _("dictionary words")

    def __str__(self) -> str:
        return self.word

    def clean(self):
        self.word = self.word.strip()
        if not self.word or re.search(r"\s", self.word):
            raise ValidationError({"word": _("One word, without spaces.")})


class QueryDay(models.Model):
    """How often a query was searched on a day, and how often it found nothing.

    One row per (day, language, query): the log stays small however busy search gets, and it
    holds no personal data (no user, no address).
    """

    date = models.DateField(_("date"), db_index=True)
    language = models.CharField(_("language"), max_length=10)
    query = models.CharField(_("query"), max_length=100)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_results = models.PositiveIntegerField(_("searches with no result"), default=0)

    class Meta:
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")
        constraints = [
            models.UniqueConstraint(
                fields=["date", "language", "query"], name="search_queryday_unique"
            )
        ]

    def __str__(self) -> str:
        return self.query


class QueryVisitor(models.Model):
    """That one visitor searched a query, for suggestions shown only once many visitors did.

    ``visitor`` is a keyed digest of the query with the client's address: it cannot be turned
    back into the address, and the same visitor gets a different digest for every query, so the
    rows cannot follow anyone from one search to the next. Rows older than the suggestions'
    window (30 days) are deleted.
    """

    language = models.CharField(_("language"), max_length=10)
    query = models.CharField(_("query"), max_length=100)
    visitor = models.CharField(_("visitor"), max_length=32)
    last_seen = models.DateField(_("last searched"), db_index=True)

    class Meta:
        verbose_name = _("search query visitor")
        verbose_name_plural = _("search query visitors")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "query", "visitor"], name="search_queryvisitor_unique"
            )
        ]

    def __str__(self) -> str:
        return self.query


class SuggestionDecision(models.TextChoices):
    APPROVED = "approved", _("show it (an editor checked it)")
    HIDDEN = "hidden", _("never show it")


class SuggestionRule(models.Model):
    """An editor's decision about one query as a suggestion ("居民常搜"): show or hide it."""

    language = models.CharField(
        _("language"),
        max_length=10,
        choices=[("zh-hans", "中文"), ("en", "English")],
        default="zh-hans",
    )
    query = models.CharField(
        _("query"),
        max_length=100,
        help_text=_("As residents type it; letters are compared in lower case."),
    )
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=SuggestionDecision.choices,
        default=SuggestionDecision.HIDDEN,
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["language", "query"]
        verbose_name = _("search suggestion rule")
        verbose_name_plural = _("search suggestion rules")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "query"], name="search_suggestionrule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.query} ({self.get_decision_display()})"

    def clean(self):
        self.query = normalise_logged(self.query)
        if not self.query:
            raise ValidationError({"query": _("Give the query.")})


def normalise_logged(query: str) -> str:
    """A query as the log keeps it: lower case, single spaces, at most 100 characters."""
    return " ".join((query or "").lower().split())[:100]


def visitor_digest(language: str, query: str, address: str) -> str:
    from django.utils.crypto import salted_hmac

    return salted_hmac("search.QueryVisitor", f"{language}|{query}|{address}").hexdigest()[:32]


def _record_visitor(query: str, language: str, address: str) -> None:
    from django.core.cache import cache

    today = timezone.localdate()
    digest = visitor_digest(language, query, address)
    key = {"language": language, "query": query, "visitor": digest}
    if not QueryVisitor.objects.filter(**key).update(last_seen=today):
        try:
            with transaction.atomic():
                QueryVisitor.objects.create(**key, last_seen=today)
        except IntegrityError:  # the same visitor's other request created it first
            pass
    if cache.add(f"search:visitors:pruned:{today.isoformat()}", True, 86_400):
        QueryVisitor.objects.filter(
            last_seen__lt=today - timezone.timedelta(days=SUGGESTION_WINDOW_DAYS)
        ).delete()


SUGGESTION_WINDOW_DAYS = 30


def log_query(query: str, language: str, found: int, *, visitor: str = "") -> None:
    """Count one search. Safe under concurrent requests (the row is created once).

    ``visitor`` (the client's address) is only ever stored as a digest, to count how many
    different visitors searched a query (search suggestions).
    """
    query = normalise_logged(query)
    if not query:
        return
    if visitor:
        _record_visitor(query, language, visitor)
    key = {"date": timezone.localdate(), "language": language, "query": query}
    increments = {"searches": F("searches") + 1}
    if found == 0:
        increments["zero_results"] = F("zero_results") + 1
    if QueryDay.objects.filter(**key).update(**increments):
        return
    try:
        with transaction.atomic():
            QueryDay.objects.create(**key, searches=1, zero_results=int(found == 0))
    except IntegrityError:  # another request created it first
        QueryDay.objects.filter(**key).update(**increments)

"""Texts of the panel pages in Kazakh, Russian and English (kept here so the panel does
not collide with the app's catalogue; the lead may move them into it)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "expert_title": {"en": "Expert panel: {panel}", "ru": "Экспертная панель: {panel}",
                     "kk": "Сарапшылар панелі: {panel}"},
    "expert_hello": {"en": "{expert} — round {round} of {max}",
                     "ru": "{expert} — тур {round} из {max}",
                     "kk": "{expert} — {max} турдың {round}-туры"},
    "denied": {"en": "This link is not valid. Ask the facilitator for a new one.",
               "ru": "Ссылка недействительна. Попросите у модератора новую.",
               "kk": "Сілтеме жарамсыз. Модератордан жаңасын сұраңыз."},
    "scale_help": {"en": "For each pair: how many times more important is the left one "
                         "(1 = equal, 9 = extremely; 1/9 = the right one extremely).",
                   "ru": "Для каждой пары: во сколько раз левый важнее правого "
                         "(1 = одинаково, 9 = абсолютно; 1/9 = правый абсолютно важнее).",
                   "kk": "Әр жұп үшін: сол жағы оң жағынан неше есе маңызды "
                         "(1 = тең, 9 = абсолютті; 1/9 = оң жағы абсолютті маңызды)."},
    "points_help": {"en": "Give each element points; only their proportions count.",
                    "ru": "Дайте каждому элементу баллы; важны только пропорции.",
                    "kk": "Әр элементке ұпай беріңіз; тек арақатынасы маңызды."},
    "node_criteria": {"en": "Criteria", "ru": "Критерии", "kk": "Критерийлер"},
    "node_indicators": {"en": "Indicators of {c}", "ru": "Индикаторы {c}",
                        "kk": "{c} индикаторлары"},
    "cr": {"en": "Your consistency ratio CR = {cr:.3f}", "ru": "Ваш индекс согласованности "
           "CR = {cr:.3f}", "kk": "Сіздің келісімділік коэффициентіңіз CR = {cr:.3f}"},
    "cr_ok": {"en": "Consistent enough (CR ≤ 0.10).", "ru": "Достаточно согласовано "
              "(CR ≤ 0,10).", "kk": "Жеткілікті келісілген (CR ≤ 0,10)."},
    "cr_bad": {"en": "Most inconsistent: {a} vs {b} = {cur}; {sug} would bring CR to {cr2:.3f}.",
               "ru": "Наименее согласовано: {a} и {b} = {cur}; {sug} снизит CR до {cr2:.3f}.",
               "kk": "Ең келіспейтіні: {a} мен {b} = {cur}; {sug} CR-ды {cr2:.3f} дейін "
                     "төмендетеді."},
    "apply": {"en": "Apply the suggestion", "ru": "Применить предложение",
              "kk": "Ұсынысты қолдану"},
    "weights": {"en": "Your weights", "ru": "Ваши веса", "kk": "Сіздің салмақтарыңыз"},
    "group_was": {"en": "group in round {r}: {v}", "ru": "группа в туре {r}: {v}",
                  "kk": "{r}-турдағы топ: {v}"},
    "yours_was": {"en": "yours: {v}", "ru": "ваше: {v}", "kk": "сіздікі: {v}"},
    "delphi": {"en": "Round {r}: next to each judgement you see the anonymous group "
                     "judgement of round {p}. Revise if you wish and explain in the comment.",
               "ru": "Тур {r}: рядом с каждым суждением — анонимное суждение группы в туре "
                     "{p}. Измените, если хотите, и поясните в комментарии.",
               "kk": "{r}-тур: әр пікірдің жанында {p}-турдағы топтың жасырын пікірі. "
                     "Қаласаңыз өзгертіп, түсініктемеде түсіндіріңіз."},
    "withheld": {"en": "The group judgement is shown only when at least three experts "
                       "submitted.", "ru": "Суждение группы показывается, только если "
                 "ответили не менее трёх экспертов.", "kk": "Топ пікірі кемінде үш сарапшы "
                 "жауап бергенде ғана көрсетіледі."},
    "saved": {"en": "Draft saved {t}.", "ru": "Черновик сохранён {t}.",
              "kk": "Жоба сақталды {t}."},
    "comment": {"en": "Comment (optional)", "ru": "Комментарий (необязательно)",
                "kk": "Түсініктеме (міндетті емес)"},
    "submit": {"en": "Submit round {r}", "ru": "Отправить тур {r}",
               "kk": "{r}-турды жіберу"},
    "submitted": {"en": "Round {r} submitted. Thank you.", "ru": "Тур {r} отправлен. "
                  "Спасибо.", "kk": "{r}-тур жіберілді. Рахмет."},
    "error": {"en": "Not saved: {e}", "ru": "Не сохранено: {e}", "kk": "Сақталмады: {e}"},
}


def tr(key: str, lang: str, **kw: object) -> str:
    """The text ``key`` in ``lang`` (English when missing), formatted with ``kw``."""
    entry = TEXTS[key]
    return entry.get(lang, entry["en"]).format(**kw)

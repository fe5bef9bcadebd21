"""Texts of the panel pages in Kazakh, Russian and English (kept here so the panel does
not collide with the app's catalogue; the lead may move them into it)."""

from __future__ import annotations

LANG_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
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

TEXTS.update({
    "f_title": {"en": "Expert panel — facilitator", "ru": "Экспертная панель — модератор",
                "kk": "Сарапшылар панелі — модератор"},
    "f_open_tab": {"en": "Open a panel", "ru": "Открыть панель", "kk": "Панельді ашу"},
    "f_create_tab": {"en": "Create a panel", "ru": "Создать панель", "kk": "Панель құру"},
    "f_secret": {"en": "Facilitator secret", "ru": "Секретный ключ модератора",
                 "kk": "Модератордың құпия кілті"},
    "f_open": {"en": "Open", "ru": "Открыть", "kk": "Ашу"},
    "f_name": {"en": "Panel name", "ru": "Название панели", "kk": "Панель атауы"},
    "f_layer": {"en": "Layer", "ru": "Уровень", "kk": "Деңгей"},
    "f_indicators": {"en": "Also judge the indicators inside each criterion",
                     "ru": "Оценивать также индикаторы внутри каждого критерия",
                     "kk": "Әр критерий ішіндегі индикаторларды да бағалау"},
    "f_input": {"en": "Input", "ru": "Способ ввода", "kk": "Енгізу тәсілі"},
    "f_input_help": {"en": "pairwise: Saaty's 1–9 comparisons; direct: points allocation",
                     "ru": "pairwise: попарные сравнения по шкале Саати 1–9; direct: "
                           "распределение баллов",
                     "kk": "pairwise: Саати шкаласы бойынша жұптық салыстыру (1–9); direct: "
                           "ұпай бөлу"},
    "f_rounds": {"en": "Delphi rounds", "ru": "Туры Дельфи", "kk": "Дельфи турлары"},
    "f_languages": {"en": "Languages", "ru": "Языки", "kk": "Тілдер"},
    "f_days": {"en": "Links valid for (days)", "ru": "Срок действия ссылок (дней)",
               "kk": "Сілтемелердің жарамдылық мерзімі (күн)"},
    "f_experts": {"en": "Experts, one per line: name or role; organisation; weight",
                  "ru": "Эксперты, по одному в строке: имя или роль; организация; вес",
                  "kk": "Сарапшылар, әр жолда біреуден: аты немесе рөлі; ұйым; салмақ"},
    "f_create": {"en": "Create panel", "ru": "Создать", "kk": "Құру"},
    "f_not_created": {"en": "The panel was not created:", "ru": "Панель не создана:",
                      "kk": "Панель құрылмады:"},
    "f_created": {"en": "Panel created. Copy these now: they are shown only once and stored "
                        "only as hashes.",
                  "ru": "Панель создана. Скопируйте сейчас: они показываются один раз и "
                        "хранятся только в виде хешей.",
                  "kk": "Панель құрылды. Қазір көшіріп алыңыз: олар бір рет қана көрсетіледі "
                        "және тек хеш түрінде сақталады."},
    "f_links": {"en": "Personal links of the experts", "ru": "Личные ссылки экспертов",
                "kk": "Сарапшылардың жеке сілтемелері"},
    "f_caption": {"en": "Layer {layer} · {mode} input · round {r} of {m} · languages {langs}",
                  "ru": "Уровень {layer} · ввод {mode} · тур {r} из {m} · языки {langs}",
                  "kk": "Деңгей {layer} · енгізу {mode} · {m} турдың {r}-туры · тілдер {langs}"},
    "c_expert": {"en": "expert", "ru": "эксперт", "kk": "сарапшы"},
    "c_role": {"en": "role", "ru": "роль", "kk": "рөлі"},
    "c_weight": {"en": "weight", "ru": "вес", "kk": "салмағы"},
    "c_submitted": {"en": "submitted rounds", "ru": "отправленные туры",
                    "kk": "жіберілген турлар"},
    "c_drafted": {"en": "nodes drafted (round {r})", "ru": "узлов в черновике (тур {r})",
                  "kk": "жобадағы түйіндер ({r}-тур)"},
    "c_expires": {"en": "link expires", "ru": "ссылка действует до",
                  "kk": "сілтеме жарамды"},
    "never": {"en": "never", "ru": "бессрочно", "kk": "мерзімсіз"},
    "f_offline": {"en": "Offline experts: XLSX template (one sheet per expert)",
                  "ru": "Эксперты офлайн: шаблон XLSX (лист на эксперта)",
                  "kk": "Офлайн сарапшылар: XLSX үлгісі (әр сарапшыға бір парақ)"},
    "f_download_tpl": {"en": "Download the template", "ru": "Скачать шаблон",
                       "kk": "Үлгіні жүктеп алу"},
    "f_import_file": {"en": "Import a filled template", "ru": "Заполненный шаблон",
                      "kk": "Толтырылған үлгі"},
    "f_import": {"en": "Import", "ru": "Импортировать", "kk": "Импорттау"},
    "f_import_bad": {"en": "Nothing was imported; fix these cells and import again:",
                     "ru": "Ничего не импортировано; исправьте эти ячейки и повторите:",
                     "kk": "Ештеңе импортталмады; осы ұяшықтарды түзетіп, қайталаңыз:"},
    "f_imported": {"en": "Imported and submitted: {names}",
                   "ru": "Импортировано и отправлено: {names}",
                   "kk": "Импортталды және жіберілді: {names}"},
    "f_aggregation": {"en": "Aggregation", "ru": "Агрегирование", "kk": "Біріктіру"},
    "f_aggregation_help": {"en": "aij-geometric: weighted geometric mean of the judgements "
                                 "(Aczél–Saaty); aip-*: mean of each expert's priorities",
                           "ru": "aij-geometric: взвешенное среднее геометрическое суждений "
                                 "(Ацел–Саати); aip-*: среднее приоритетов экспертов",
                           "kk": "aij-geometric: пікірлердің салмақты орташа геометриялығы "
                                 "(Ацел–Саати); aip-*: сарапшылар басымдықтарының орташасы"},
    "f_round": {"en": "Round", "ru": "Тур", "kk": "Тур"},
    "f_group": {"en": "Group result — round {r}, {k} experts, {m}",
                "ru": "Результат группы — тур {r}, экспертов: {k}, {m}",
                "kk": "Топ нәтижесі — {r}-тур, {k} сарапшы, {m}"},
    "f_consensus": {"en": "AHP consensus S*", "ru": "Консенсус AHP S*",
                    "kk": "AHP консенсусы S*"},
    "f_w": {"en": "Kendall's W", "ru": "W Кендалла", "kk": "Кендалл W"},
    "f_cr": {"en": "CR of the aggregated matrix", "ru": "CR агрегированной матрицы",
             "kk": "Біріктірілген матрицаның CR"},
    "f_cons_caption": {"en": "Consensus: {words} (Goepel's word scale). Kendall's W: agreement "
                             "of the experts' orders (0 none, 1 identical).",
                       "ru": "Консенсус: {words} (шкала Гёпеля). W Кендалла: согласованность "
                             "порядков у экспертов (0 — нет, 1 — полная).",
                       "kk": "Консенсус: {words} (Гёпель шкаласы). Кендалл W: сарапшылар "
                             "ретінің үйлесімі (0 — жоқ, 1 — толық)."},
    "w_very low": {"en": "very low", "ru": "очень низкий", "kk": "өте төмен"},
    "w_low": {"en": "low", "ru": "низкий", "kk": "төмен"},
    "w_moderate": {"en": "moderate", "ru": "умеренный", "kk": "орташа"},
    "w_high": {"en": "high", "ru": "высокий", "kk": "жоғары"},
    "w_very high": {"en": "very high", "ru": "очень высокий", "kk": "өте жоғары"},
    "c_group": {"en": "group", "ru": "группа", "kk": "топ"},
    "c_name": {"en": "name", "ru": "название", "kk": "атауы"},
    "c_distance": {"en": "distance to group", "ru": "расстояние до группы",
                   "kk": "топқа дейінгі қашықтық"},
    "c_own_cr": {"en": "own CR", "ru": "собственный CR", "kk": "өз CR"},
    "f_far": {"en": "**Experts furthest from the group** (RMS log distance; 0 = the group's "
                    "view)",
              "ru": "**Эксперты, наиболее далёкие от группы** (среднеквадратичное "
                    "лог-расстояние; 0 = мнение группы)",
              "kk": "**Топтан ең алыс сарапшылар** (орташа квадраттық лог-қашықтық; 0 = "
                    "топ пікірі)"},
    "f_heat": {"en": "**Disagreement per pair** (geometric standard deviation of the "
                     "judgements; 1 = all agree)",
               "ru": "**Разногласие по парам** (геометрическое стандартное отклонение "
                     "суждений; 1 = все согласны)",
               "kk": "**Жұптар бойынша келіспеушілік** (пікірлердің геометриялық стандартты "
                     "ауытқуы; 1 = бәрі келіседі)"},
    "f_conv": {"en": "Convergence per round", "ru": "Сходимость по турам",
               "kk": "Турлар бойынша жақындасу"},
    "f_rank": {"en": "Ranking with the panel's weights, and each expert's own",
               "ru": "Рейтинг с весами панели и с весами каждого эксперта",
               "kk": "Панель салмақтарымен және әр сарапшының өз салмақтарымен рейтинг"},
    "f_base": {"en": "Other settings (method, gate, missing data) from",
               "ru": "Прочие настройки (метод, порог, пропуски) из",
               "kk": "Басқа баптаулар (әдіс, шек, жоқ деректер) көзі"},
    "f_shift": {"en": "shift = the expert's own rank minus the group rank (negative: the unit "
                      "ranks higher under that expert's weights)",
                "ru": "сдвиг = место по весам эксперта минус место по весам группы "
                      "(отрицательный: по весам эксперта выше)",
                "kk": "ығысу = сарапшы салмағы бойынша орын минус топ орны (теріс: сарапшы "
                      "салмағымен жоғары)"},
    "c_unit": {"en": "unit", "ru": "единица", "kk": "бірлік"},
    "c_group_rank": {"en": "group rank", "ru": "место (группа)", "kk": "орын (топ)"},
    "c_rank_of": {"en": "{name} rank", "ru": "{name}: место", "kk": "{name}: орын"},
    "c_shift_of": {"en": "{name} shift", "ru": "{name}: сдвиг", "kk": "{name}: ығысу"},
    "f_next": {"en": "Next steps", "ru": "Дальнейшие шаги", "kk": "Келесі қадамдар"},
    "f_export_json": {"en": "Export (JSON, with audit log)",
                      "ru": "Экспорт (JSON, с журналом аудита)",
                      "kk": "Экспорт (JSON, аудит журналымен)"},
    "f_export_toml": {"en": "Scenario file (TOML)", "ru": "Файл сценария (TOML)",
                      "kk": "Сценарий файлы (TOML)"},
    "f_save": {"en": "Save as a scenario for the main app",
               "ru": "Сохранить как сценарий основного приложения",
               "kk": "Негізгі қолданба үшін сценарий ретінде сақтау"},
    "f_saved": {"en": "Saved as scenario “{name}”; choose it in the main app.",
                "ru": "Сохранено как сценарий «{name}»; выберите его в основном приложении.",
                "kk": "«{name}» сценарийі ретінде сақталды; оны негізгі қолданбада таңдаңыз."},
    "f_open_round": {"en": "Open round {r}", "ru": "Открыть тур {r}", "kk": "{r}-турды ашу"},
})

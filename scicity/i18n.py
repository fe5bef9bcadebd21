"""Interface text in Kazakh, Russian and English.

Indicator, criterion and unit names live with the data (criteria model, datasets);
this module holds the interface's own labels and messages. ``t(key, lang)`` falls back
to English only for a key missing in a language, which the tests forbid.
"""

from __future__ import annotations

from mcda.messages import parse

LANGS: tuple[str, ...] = ("kk", "ru", "en")
LANG_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "en": "Science-city site selector",
        "ru": "Выбор территорий для наукоградов",
        "kk": "Ғылым қалашықтарына аумақ таңдау",
    },
    "subtitle": {
        "en": "Ranks Kazakhstan's regions and towns on the four science-city criteria of "
              "the Concept for science-intensive territories 2026–2035.",
        "ru": "Ранжирование регионов и городов Казахстана по четырём критериям статуса "
              "наукограда Концепции наукоёмких территорий на 2026–2035 годы.",
        "kk": "Қазақстанның өңірлері мен қалаларын 2026–2035 жылдарға арналған "
              "тұжырымдаманың ғылым қалашығы мәртебесінің төрт өлшемшарты бойынша саралау.",
    },
    "language": {"en": "Language", "ru": "Язык", "kk": "Тіл"},
    "layer": {"en": "Layer", "ru": "Слой", "kk": "Қабат"},
    "layer_regions": {"en": "Regions", "ru": "Регионы", "kk": "Өңірлер"},
    "layer_towns": {"en": "Towns", "ru": "Города", "kk": "Қалалар"},
    "scenario": {"en": "Scenario", "ru": "Сценарий", "kk": "Сценарий"},
    "saved_suffix": {"en": "saved", "ru": "сохранён", "kk": "сақталған"},
    "broken_scenarios": {
        "en": "Saved scenarios that could not be read",
        "ru": "Сохранённые сценарии, которые не удалось прочитать",
        "kk": "Оқылмаған сақталған сценарийлер",
    },
    "method": {"en": "Method", "ru": "Метод", "kk": "Әдіс"},
    "method_topsis": {"en": "TOPSIS", "ru": "TOPSIS", "kk": "TOPSIS"},
    "method_wsm": {"en": "Weighted sum", "ru": "Взвешенная сумма", "kk": "Салмақты қосынды"},
    "method_vikor": {"en": "VIKOR", "ru": "VIKOR", "kk": "VIKOR"},
    "method_promethee2": {"en": "PROMETHEE II", "ru": "PROMETHEE II", "kk": "PROMETHEE II"},
    "normalization": {"en": "Normalisation", "ru": "Нормализация", "kk": "Нормалау"},
    "norm_vector": {"en": "Vector (textbook TOPSIS)", "ru": "Векторная (классический TOPSIS)",
                    "kk": "Векторлық (классикалық TOPSIS)"},
    "norm_minmax": {"en": "Min–max", "ru": "Мин–макс", "kk": "Мин–макс"},
    "norm_goalpost": {"en": "Fixed goalposts (whole layer)",
                      "ru": "Фиксированные границы (весь слой)",
                      "kk": "Тұрақты шектер (бүкіл қабат)"},
    "gate_header": {"en": "3 % rule", "ru": "Правило 3 %", "kk": "3 % ережесі"},
    "gate_apply": {
        "en": "Exclude units below the threshold",
        "ru": "Исключать единицы ниже порога",
        "kk": "Шектен төмен бірліктерді алып тастау",
    },
    "gate_threshold": {"en": "Threshold, % of employed", "ru": "Порог, % занятых",
                       "kk": "Шек, жұмыспен қамтылғандардың %"},
    "gate_info_regions": {
        "en": "On regions the share is informative: a region is not a settlement.",
        "ru": "Для регионов доля справочная: регион — не населённый пункт.",
        "kk": "Өңірлер үшін үлес анықтамалық: өңір елді мекен емес.",
    },
    "missing_header": {"en": "Missing values", "ru": "Пропуски данных",
                       "kk": "Жетіспейтін деректер"},
    "missing_worst": {"en": "Score gaps at their worst (a gap never helps)",
                      "ru": "Пропуски — по худшему значению (пропуск не даёт выигрыша)",
                      "kk": "Олқылықтар ең нашар мәнмен (олқылық ұтыс бермейді)"},
    "missing_redistribute": {
        "en": "Score on available indicators (flagged)",
        "ru": "Оценивать по имеющимся показателям (с пометкой)",
        "kk": "Бар көрсеткіштер бойынша бағалау (белгімен)",
    },
    "missing_exclude": {"en": "Exclude incomplete units", "ru": "Исключать неполные единицы",
                        "kk": "Толық емес бірліктерді алып тастау"},
    "min_coverage": {"en": "Minimum coverage of an indicator, %",
                     "ru": "Минимальный охват показателя, %",
                     "kk": "Көрсеткіштің ең аз қамтуы, %"},
    "weights_header": {"en": "Weights", "ru": "Веса", "kk": "Салмақтар"},
    "weight_mode": {"en": "How to set weights", "ru": "Способ задания весов",
                    "kk": "Салмақтарды беру тәсілі"},
    "mode_direct": {"en": "Sliders", "ru": "Ползунки", "kk": "Жүгірткілер"},
    "mode_ahp": {"en": "AHP pairwise comparisons", "ru": "Попарные сравнения (МАИ)",
                 "kk": "Жұптық салыстыру (АИП)"},
    "weight_used": {"en": "used: {w}", "ru": "итог: {w}", "kk": "қолданылады: {w}"},
    "indicator_weights": {"en": "Indicators inside {c}", "ru": "Показатели внутри {c}",
                          "kk": "{c} ішіндегі көрсеткіштер"},
    "weights_used_header": {"en": "Weights actually used", "ru": "Фактически применённые веса",
                            "kk": "Нақты қолданылған салмақтар"},
    "ahp_scale_help": {
        "en": "Saaty's 1–9 scale: 1 equal, 3 moderate, 5 strong, 7 very strong, 9 extreme "
              "importance of the first over the second; 1/3 … 1/9 the reverse.",
        "ru": "Шкала Саати 1–9: 1 равная, 3 умеренная, 5 сильная, 7 очень сильная, "
              "9 крайняя важность первого перед вторым; 1/3 … 1/9 — наоборот.",
        "kk": "Саати шкаласы 1–9: 1 тең, 3 орташа, 5 күшті, 7 өте күшті, 9 бірінші "
              "өлшемшарттың екіншіден аса маңыздылығы; 1/3 … 1/9 — керісінше.",
    },
    "ahp_cr": {
        "en": "CR = {cr:.3f} (λmax = {lam:.3f}, CI = {ci:.3f}, RI = {ri:.2f}, {table} table)",
        "ru": "ОС = {cr:.3f} (λmax = {lam:.3f}, ИС = {ci:.3f}, СИ = {ri:.2f}, таблица {table})",
        "kk": "СС = {cr:.3f} (λmax = {lam:.3f}, СИ = {ci:.3f}, КИ = {ri:.2f}, {table} кестесі)",
    },
    "ahp_ok": {"en": "Consistent (CR ≤ 0.10).", "ru": "Согласовано (ОС ≤ 0,10).",
               "kk": "Үйлесімді (СС ≤ 0,10)."},
    "ahp_bad": {
        "en": "Inconsistent (CR > 0.10): the most inconsistent judgement is {a} vs {b} = "
              "{cur}; {sug} would be consistent with the others (CR would be {cr2:.3f}).",
        "ru": "Несогласовано (ОС > 0,10): наиболее несогласованное суждение — {a} к {b} = "
              "{cur}; согласованным было бы {sug} (ОС стало бы {cr2:.3f}).",
        "kk": "Үйлесімсіз (СС > 0,10): ең үйлесімсіз пайымдау — {a} мен {b} = {cur}; "
              "басқаларымен үйлесетін мән {sug} (СС {cr2:.3f} болар еді).",
    },
    "ahp_apply": {"en": "Apply the suggestion", "ru": "Применить предложение",
                  "kk": "Ұсынысты қолдану"},
    "ri_table": {"en": "Random-index table", "ru": "Таблица случайных индексов",
                 "kk": "Кездейсоқ индекстер кестесі"},
    "tab_map": {"en": "Map and ranking", "ru": "Карта и рейтинг", "kk": "Карта және рейтинг"},
    "tab_profile": {"en": "Profile", "ru": "Профиль", "kk": "Бейін"},
    "tab_compare": {"en": "Compare scenarios", "ru": "Сравнение сценариев",
                    "kk": "Сценарийлерді салыстыру"},
    "tab_robust": {"en": "Robustness", "ru": "Устойчивость", "kk": "Орнықтылық"},
    "tab_sources": {"en": "Data and sources", "ru": "Данные и источники",
                    "kk": "Деректер және дереккөздер"},
    "tab_export": {"en": "Export", "ru": "Экспорт", "kk": "Экспорт"},
    "col_rank": {"en": "Rank", "ru": "Место", "kk": "Орын"},
    "col_id": {"en": "Id", "ru": "Код", "kk": "Код"},
    "col_name": {"en": "Name", "ru": "Название", "kk": "Атауы"},
    "col_score": {"en": "Score", "ru": "Оценка", "kk": "Балл"},
    "col_gate": {"en": "3 % rule", "ru": "Правило 3 %", "kk": "3 % ережесі"},
    "col_share": {"en": "Researchers, % of employed", "ru": "Исследователи, % занятых",
                  "kk": "Зерттеушілер, жұмыспен қамтылғандардың %"},
    "col_flags": {"en": "Flags", "ru": "Отметки", "kk": "Белгілер"},
    "col_status": {"en": "Status", "ru": "Статус", "kk": "Мәртебе"},
    "col_region": {"en": "Region", "ru": "Регион", "kk": "Өңір"},
    "state_eligible": {"en": "eligible", "ru": "соответствует", "kk": "сәйкес"},
    "state_restricted": {"en": "restricted", "ru": "ограничен", "kk": "шектелген"},
    "state_no_data": {"en": "no data", "ru": "нет данных", "kk": "дерек жоқ"},
    "state_undetermined": {"en": "undetermined", "ru": "не определено", "kk": "анықталмаған"},
    "flag_estimate": {"en": "estimate", "ru": "оценка", "kk": "бағалау"},
    "flag_incomplete": {"en": "incomplete data", "ru": "неполные данные",
                        "kk": "толық емес деректер"},
    "flag_lower_bound": {"en": "lower bound", "ru": "нижняя граница", "kk": "төменгі шек"},
    "status_ranked": {"en": "ranked", "ru": "в рейтинге", "kk": "рейтингте"},
    "status_restricted": {"en": "below the 3 % rule", "ru": "ниже правила 3 %",
                          "kk": "3 % ережесінен төмен"},
    "status_excluded": {"en": "excluded", "ru": "исключён", "kk": "алынып тасталды"},
    "score_higher": {"en": "higher score is better", "ru": "чем выше оценка, тем лучше",
                     "kk": "балл неғұрлым жоғары болса, соғұрлым жақсы"},
    "score_lower": {"en": "lower score is better (VIKOR Q)",
                    "ru": "чем ниже оценка, тем лучше (Q VIKOR)",
                    "kk": "балл неғұрлым төмен болса, соғұрлым жақсы (VIKOR Q)"},
    "legend_title": {"en": "Score classes ({scheme})", "ru": "Классы оценки ({scheme})",
                     "kk": "Балл кластары ({scheme})"},
    "legend_restricted": {"en": "below the 3 % rule", "ru": "ниже правила 3 %",
                          "kk": "3 % ережесінен төмен"},
    "legend_no_data": {"en": "3 % rule: no data", "ru": "правило 3 %: нет данных",
                       "kk": "3 % ережесі: дерек жоқ"},
    "legend_excluded": {"en": "not ranked", "ru": "вне рейтинга", "kk": "рейтингтен тыс"},
    "notes": {"en": "Notes on this ranking", "ru": "Примечания к рейтингу",
              "kk": "Рейтинг туралы ескертпелер"},
    "select_hint": {
        "en": "Click a region or town on the map, or a row in the table, to see its profile.",
        "ru": "Щёлкните регион или город на карте либо строку таблицы, чтобы увидеть профиль.",
        "kk": "Бейінін көру үшін картадағы өңірді не қаланы немесе кестедегі жолды басыңыз.",
    },
    "selected": {"en": "Selected: {name}", "ru": "Выбрано: {name}", "kk": "Таңдалды: {name}"},
    "towns_in_region": {"en": "Candidate towns in {name}", "ru": "Города-кандидаты: {name}",
                        "kk": "{name}: үміткер қалалар"},
    "towns_here": {"en": "Candidate towns in this region", "ru": "Города-кандидаты в регионе",
                   "kk": "Өңірдегі үміткер қалалар"},
    "no_towns_in_region": {"en": "No candidate town in this region.",
                           "ru": "В этом регионе нет городов-кандидатов.",
                           "kk": "Бұл өңірде үміткер қала жоқ."},
    "profile_value": {"en": "Value", "ru": "Значение", "kk": "Мәні"},
    "profile_median": {"en": "National median", "ru": "Медиана по стране",
                       "kk": "Ел бойынша медиана"},
    "profile_vs": {"en": "vs median", "ru": "к медиане", "kk": "медианаға"},
    "profile_source": {"en": "Source, year", "ru": "Источник, год", "kk": "Дереккөз, жыл"},
    "profile_indicator": {"en": "Indicator", "ru": "Показатель", "kk": "Көрсеткіш"},
    "profile_strength": {"en": "strength", "ru": "сильная сторона", "kk": "күшті жағы"},
    "profile_weakness": {"en": "weakness", "ru": "слабая сторона", "kk": "әлсіз жағы"},
    "profile_typical": {"en": "typical", "ru": "типично", "kk": "әдеттегі"},
    "profile_missing": {"en": "missing", "ru": "нет данных", "kk": "дерек жоқ"},
    "save_header": {"en": "Save these settings", "ru": "Сохранить настройки",
                    "kk": "Баптауларды сақтау"},
    "save_name": {"en": "Scenario name", "ru": "Название сценария", "kk": "Сценарий атауы"},
    "save_button": {"en": "Save scenario", "ru": "Сохранить сценарий",
                    "kk": "Сценарийді сақтау"},
    "save_overwrite": {"en": "Replace a saved scenario of the same name",
                       "ru": "Заменить сохранённый сценарий с тем же названием",
                       "kk": "Аттас сақталған сценарийді ауыстыру"},
    "saved_ok": {"en": "Saved as “{name}”.", "ru": "Сохранено как «{name}».",
                 "kk": "«{name}» ретінде сақталды."},
    "save_failed": {"en": "Not saved: {reason}", "ru": "Не сохранено: {reason}",
                    "kk": "Сақталмады: {reason}"},
    "compare_a": {"en": "Scenario A", "ru": "Сценарий A", "kk": "A сценарийі"},
    "compare_b": {"en": "Scenario B", "ru": "Сценарий B", "kk": "B сценарийі"},
    "current_settings": {"en": "Current settings", "ru": "Текущие настройки",
                         "kk": "Ағымдағы баптаулар"},
    "rank_a": {"en": "Rank A", "ru": "Место A", "kk": "A орны"},
    "rank_b": {"en": "Rank B", "ru": "Место B", "kk": "B орны"},
    "rank_shift": {"en": "Shift (A → B)", "ru": "Сдвиг (A → B)", "kk": "Ығысу (A → B)"},
    "compare_map": {"en": "Rank change from A to B (green: moved up)",
                    "ru": "Изменение места от A к B (зелёный — вверх)",
                    "kk": "A-дан B-ға орын өзгерісі (жасыл — жоғары)"},
    "sources_header": {"en": "Sources behind this ranking", "ru": "Источники данных рейтинга",
                       "kk": "Рейтинг дереккөздері"},
    "data_table": {"en": "Data as used (estimates marked)",
                   "ru": "Данные в расчёте (оценки отмечены)",
                   "kk": "Есептегі деректер (бағалаулар белгіленген)"},
    "export_csv": {"en": "Ranking, CSV", "ru": "Рейтинг, CSV", "kk": "Рейтинг, CSV"},
    "export_xlsx": {"en": "Ranking and metadata, XLSX", "ru": "Рейтинг и метаданные, XLSX",
                    "kk": "Рейтинг және метадеректер, XLSX"},
    "export_geojson": {"en": "Map layer, GeoJSON", "ru": "Слой карты, GeoJSON",
                       "kk": "Карта қабаты, GeoJSON"},
    "export_report": {"en": "Printable report, HTML", "ru": "Отчёт для печати, HTML",
                      "kk": "Басып шығаруға арналған есеп, HTML"},
    "upload_header": {"en": "Your own data", "ru": "Свои данные", "kk": "Өз деректеріңіз"},
    "upload_label": {"en": "CSV, XLSX, GeoJSON or GeoPackage",
                     "ru": "CSV, XLSX, GeoJSON или GeoPackage",
                     "kk": "CSV, XLSX, GeoJSON немесе GeoPackage"},
    "upload_errors": {"en": "Problems in {file}", "ru": "Проблемы в файле {file}",
                      "kk": "{file} файлындағы мәселелер"},
    "using_upload": {"en": "Ranking your file {file} ({n} rows).",
                     "ru": "Рейтинг по вашему файлу {file} ({n} строк).",
                     "kk": "{file} файлыңыз бойынша рейтинг ({n} жол)."},
    "robust_samples": {"en": "Weight samples", "ru": "Выборок весов", "kk": "Салмақ іріктемелері"},
    "error_generic": {"en": "Could not compute the ranking: {reason}",
                      "ru": "Не удалось рассчитать рейтинг: {reason}",
                      "kk": "Рейтингті есептеу мүмкін болмады: {reason}"},
    "report_title": {"en": "Science-city candidates: ranking report",
                     "ru": "Кандидаты в наукограды: отчёт о рейтинге",
                     "kk": "Ғылым қалашығына үміткерлер: рейтинг есебі"},
    "report_generated": {"en": "Generated {date} by scicity {version}",
                         "ru": "Сформирован {date}, scicity {version}",
                         "kk": "{date} жасалды, scicity {version}"},
    "report_method": {"en": "Method", "ru": "Метод", "kk": "Әдіс"},
    "report_weights": {"en": "Weights", "ru": "Веса", "kk": "Салмақтар"},
    "report_ranking": {"en": "Ranking", "ru": "Рейтинг", "kk": "Рейтинг"},
    "report_map": {"en": "Map", "ru": "Карта", "kk": "Карта"},
    "report_sources": {"en": "Data sources", "ru": "Источники данных", "kk": "Дереккөздер"},
    "report_robustness": {"en": "Robustness", "ru": "Устойчивость", "kk": "Орнықтылық"},
    "report_print": {"en": "Print or save as PDF from the browser (Ctrl+P).",
                     "ru": "Печать или сохранение в PDF из браузера (Ctrl+P).",
                     "kk": "Браузерден басып шығару не PDF ретінде сақтау (Ctrl+P)."},
    "describe_topsis": {
        "en": "TOPSIS ranks each unit by its relative closeness to an ideal unit (the best "
              "value of every indicator) and distance from an anti-ideal one (the worst), "
              "after weighting the normalised indicators. Scores run from 0 to 1; higher is "
              "better.",
        "ru": "TOPSIS упорядочивает единицы по относительной близости к идеальной единице "
              "(лучшие значения всех показателей) и удалённости от наихудшей после "
              "взвешивания нормализованных показателей. Оценки от 0 до 1; выше — лучше.",
        "kk": "TOPSIS нормаланған әрі салмақталған көрсеткіштер бойынша әр бірлікті идеалды "
              "бірлікке (барлық көрсеткіштің ең жақсы мәндері) жақындығы мен ең нашар "
              "бірліктен алыстығы арқылы саралайды. Балл 0-ден 1-ге дейін; жоғары — жақсы.",
    },
    "describe_wsm": {
        "en": "The weighted sum adds up the normalised indicator values multiplied by their "
              "weights. Scores run from 0 to 1; higher is better.",
        "ru": "Взвешенная сумма складывает нормализованные значения показателей, умноженные "
              "на их веса. Оценки от 0 до 1; выше — лучше.",
        "kk": "Салмақты қосынды нормаланған көрсеткіш мәндерін салмақтарына көбейтіп қосады. "
              "Балл 0-ден 1-ге дейін; жоғары — жақсы.",
    },
    "describe_vikor": {
        "en": "VIKOR balances the group utility (weighted total regret) against the largest "
              "individual regret of each unit (v = 0.5). Q runs from 0 to 1; lower is better.",
        "ru": "VIKOR уравновешивает групповую полезность (взвешенное суммарное отставание) и "
              "наибольшее отставание каждой единицы (v = 0,5). Q от 0 до 1; ниже — лучше.",
        "kk": "VIKOR топтық пайдалылықты (салмақталған жиынтық қалушылық) әр бірліктің ең "
              "үлкен қалушылығымен теңестіреді (v = 0,5). Q 0-ден 1-ге дейін; төмен — жақсы.",
    },
    "describe_promethee2": {
        "en": "PROMETHEE II compares every pair of units on every indicator and ranks them by "
              "net outranking flow (how much a unit is preferred minus how much others are "
              "preferred to it). Flows run from −1 to 1; higher is better.",
        "ru": "PROMETHEE II сравнивает каждую пару единиц по каждому показателю и упорядочивает "
              "их по чистому потоку предпочтения (насколько единица предпочтительнее других "
              "минус насколько другие предпочтительнее её). Потоки от −1 до 1; выше — лучше.",
        "kk": "PROMETHEE II әр көрсеткіш бойынша бірліктердің әр жұбын салыстырып, оларды таза "
              "артықшылық ағыны бойынша саралайды. Ағын −1-ден 1-ге дейін; жоғары — жақсы.",
    },
    "stable_first": {"en": "first place holds for {lo:.0%}–{hi:.0%}",
                     "ru": "первое место сохраняется при {lo:.0%}–{hi:.0%}",
                     "kk": "бірінші орын {lo:.0%}–{hi:.0%} аралығында сақталады"},
    "robust_intro": {
        "en": "How much the ranking depends on the weights: {n:,} weight vectors drawn "
              "{model}; SMAA-2 rank acceptability, rank intervals and weight stability "
              "intervals (Lahdelma & Salminen 2001).",
        "ru": "Насколько рейтинг зависит от весов: {n:,} векторов весов, {model}; "
              "SMAA-2: приемлемость мест, интервалы мест и интервалы устойчивости весов "
              "(Lahdelma & Salminen 2001).",
        "kk": "Рейтингтің салмақтарға тәуелділігі: {n:,} салмақ векторы, {model}; SMAA-2: "
              "орындардың қолайлылығы, орын аралықтары және салмақ орнықтылығы аралықтары "
              "(Lahdelma & Salminen 2001).",
    },
    "model_uniform": {"en": "uniformly over all weight combinations",
                      "ru": "равномерно по всем сочетаниям весов",
                      "kk": "барлық салмақ үйлесімдері бойынша біркелкі"},
    "model_around": {"en": "within ±{p:.0%} of the current weights",
                     "ru": "в пределах ±{p:.0%} от текущих весов",
                     "kk": "ағымдағы салмақтардан ±{p:.0%} шегінде"},
    "robust_model": {"en": "Weight uncertainty", "ru": "Неопределённость весов",
                     "kk": "Салмақтардың белгісіздігі"},
    "robust_spread": {"en": "Spread around the current weights, %",
                      "ru": "Разброс вокруг текущих весов, %",
                      "kk": "Ағымдағы салмақтар маңындағы шашырау, %"},
    "robust_intervals": {"en": "Rank intervals (5–95 %), median and current rank",
                         "ru": "Интервалы мест (5–95 %), медиана и текущее место",
                         "kk": "Орын аралықтары (5–95 %), медиана және ағымдағы орын"},
    "robust_heatmap": {"en": "Rank acceptability: probability of each rank",
                       "ru": "Приемлемость мест: вероятность каждого места",
                       "kk": "Орындардың қолайлылығы: әр орынның ықтималдығы"},
    "robust_stability": {
        "en": "Weight stability: how far each criterion's weight can move (others rescaled "
              "in proportion) before first place or the top-{k} set changes",
        "ru": "Устойчивость весов: насколько может измениться вес критерия (остальные "
              "пропорционально) до смены первого места или первой {k}",
        "kk": "Салмақ орнықтылығы: бірінші орын не алғашқы {k} өзгергенге дейін өлшемшарт "
              "салмағы қаншалықты өзгере алады (қалғандары пропорционалды)",
    },
    "robust_pair": {"en": "What would reverse a pair?", "ru": "Что изменит порядок пары?",
                    "kk": "Жұптың ретін не өзгертеді?"},
    "robust_pair_result": {
        "en": "{a} stays above {b} while each criterion's weight stays in this interval",
        "ru": "{a} остаётся выше {b}, пока вес каждого критерия в этом интервале",
        "kk": "Әр өлшемшарт салмағы осы аралықта болғанда {a} {b}-дан жоғары қалады",
    },
    "robust_methods": {"en": "The same ranking under other methods (rank correlations)",
                       "ru": "Тот же рейтинг другими методами (ранговые корреляции)",
                       "kk": "Басқа әдістермен сол рейтинг (ранг корреляциялары)"},
    "col_median_rank": {"en": "Median rank", "ru": "Медиана места", "kk": "Орын медианасы"},
    "col_p_top": {"en": "P(top {k})", "ru": "P(первые {k})", "kk": "P(алғашқы {k})"},
    "col_weight": {"en": "Weight", "ru": "Вес", "kk": "Салмақ"},
    "col_first": {"en": "First place holds", "ru": "Первое место сохраняется",
                  "kk": "Бірінші орын сақталады"},
    "col_topk": {"en": "Top {k} holds", "ru": "Первые {k} сохраняются",
                 "kk": "Алғашқы {k} сақталады"},
    "col_interval": {"en": "5–95 % interval", "ru": "Интервал 5–95 %", "kk": "5–95 % аралығы"},
    "msg_not_candidate": {"en": "not a candidate", "ru": "не кандидат", "kk": "үміткер емес"},
    "msg_missing": {"en": "missing: {fields}", "ru": "нет данных: {fields}",
                    "kk": "дерек жоқ: {fields}"},
    "msg_criterion_without_data": {
        "en": "no data for any indicator of {criterion}",
        "ru": "нет данных ни по одному показателю {criterion}",
        "kk": "{criterion} бойынша бірде-бір көрсеткіштің дерегі жоқ"},
    "msg_indicator_not_used": {"en": "indicator {indicator} not used: {status}",
                               "ru": "показатель {indicator} не используется: {status}",
                               "kk": "{indicator} көрсеткіші қолданылмайды: {status}"},
    "msg_status_no_data": {"en": "no data", "ru": "нет данных", "kk": "дерек жоқ"},
    "msg_status_coverage": {"en": "coverage {coverage} < {minimum}",
                            "ru": "охват {coverage} < {minimum}",
                            "kk": "қамту {coverage} < {minimum}"},
    "msg_criterion_dropped": {
        "en": "criterion {criterion} has no usable indicator on this layer: its weight "
              "{weight} is shared among the other criteria in proportion",
        "ru": "у критерия {criterion} нет пригодных показателей на этом слое: его вес "
              "{weight} пропорционально распределён между остальными критериями",
        "kk": "{criterion} өлшемшартының бұл қабатта жарамды көрсеткіші жоқ: оның {weight} "
              "салмағы қалған өлшемшарттарға пропорционалды бөлінді"},
    "msg_nothing_ranked": {"en": "no unit could be ranked",
                           "ru": "ни одну единицу не удалось ранжировать",
                           "kk": "бірде-бір бірлікті саралау мүмкін болмады"},
    "msg_gate_applied": {
        "en": "3 % rule applied: units below {threshold} even at the top of their interval "
              "are not ranked; undetermined units are ranked and flagged",
        "ru": "правило 3 % применено: единицы ниже {threshold} даже на верхней границе "
              "интервала не ранжируются; неопределённые ранжируются с пометкой",
        "kk": "3 % ережесі қолданылды: аралығының жоғарғы шегінде де {threshold}-дан төмен "
              "бірліктер сараланбайды; анықталмағандар белгімен сараланады"},
    "msg_gate_applied_keep": {
        "en": "3 % rule applied: units below {threshold} even at the top of their interval "
              "are not ranked; undetermined units and units without data are ranked and "
              "flagged",
        "ru": "правило 3 % применено: единицы ниже {threshold} даже на верхней границе "
              "интервала не ранжируются; неопределённые и единицы без данных ранжируются с "
              "пометкой",
        "kk": "3 % ережесі қолданылды: аралығының жоғарғы шегінде де {threshold}-дан төмен "
              "бірліктер сараланбайды; анықталмағандар мен дерегі жоқ бірліктер белгімен "
              "сараланады"},
    "msg_gate_informative": {
        "en": "3 % rule shown for information only (threshold {threshold}); {note}",
        "ru": "правило 3 % показано справочно (порог {threshold}); {note}",
        "kk": "3 % ережесі анықтама үшін көрсетілген (шек {threshold}); {note}"},
    "msg_gate_restricted": {
        "en": "3 % rule not met: share at most {share_high} < {threshold}: at least "
              "{required} researchers needed, at most {ceiling} possible",
        "ru": "правило 3 % не выполнено: доля не выше {share_high} < {threshold}: нужно не "
              "менее {required} исследователей, возможно не более {ceiling}",
        "kk": "3 % ережесі орындалмады: үлес ең көбі {share_high} < {threshold}: кемінде "
              "{required} зерттеуші қажет, ең көбі {ceiling} болуы мүмкін"},
    "msg_gate_eligible": {
        "en": "3 % rule met: share at least {share_low} ≥ {threshold} ({counted} researchers "
              "counted, {required} needed at most)",
        "ru": "правило 3 % выполнено: доля не ниже {share_low} ≥ {threshold} (учтено "
              "{counted} исследователей, нужно не более {required})",
        "kk": "3 % ережесі орындалды: үлес кемінде {share_low} ≥ {threshold} ({counted} "
              "зерттеуші есептелді, ең көбі {required} қажет)"},
    "msg_gate_undetermined": {
        "en": "3 % rule undetermined: share {share_low}–{share_high} straddles {threshold}: "
              "{decider} researchers would settle it (counted {counted}, at most {ceiling} "
              "possible)",
        "ru": "правило 3 % не определено: доля {share_low}–{share_high} охватывает "
              "{threshold}: решит счёт в {decider} исследователей (учтено {counted}, возможно "
              "не более {ceiling})",
        "kk": "3 % ережесі анықталмады: үлес {share_low}–{share_high} аралығы {threshold} "
              "шегін қамтиды: {decider} зерттеуші шешеді (есептелгені {counted}, ең көбі "
              "{ceiling})"},
    "msg_gate_no_data": {"en": "3 % rule: no data", "ru": "правило 3 %: нет данных",
                         "kk": "3 % ережесі: дерек жоқ"},
    "msg_missing_worst": {
        "en": "missing values scored at the worst value the indicator can take (a gap never "
              "helps): {count} incomplete units ranked on their worst case; their score with "
              "gaps at the best value is shown beside it",
        "ru": "пропуски оценены по худшему возможному значению показателя (пропуск не даёт "
              "выигрыша): {count} неполных единиц ранжированы по худшему случаю; рядом — их "
              "оценка при лучших значениях",
        "kk": "олқылықтар көрсеткіштің ең нашар мәнімен бағаланды (олқылық ұтыс бермейді): "
              "{count} толық емес бірлік ең нашар жағдай бойынша сараланды; жанында — ең "
              "жақсы мәндермен бағасы"},
    "msg_value_function_applied": {
        "en": "value function on {indicator} (raw value → value 0–1): {points}",
        "ru": "функция ценности для {indicator} (исходное значение → ценность 0–1): {points}",
        "kk": "{indicator} үшін құндылық функциясы (бастапқы мән → құндылық 0–1): {points}"},
    "msg_value_function_scenario": {"en": "set by scenario {scenario}",
                                    "ru": "задана сценарием {scenario}",
                                    "kk": "{scenario} сценарийімен берілген"},
    "msg_user_excluded": {"en": "excluded by the user", "ru": "исключено пользователем",
                          "kk": "пайдаланушы алып тастады"},
    "msg_proxies": {
        "en": "proxy indicators (stand-ins where no direct measure is published): "
              "{indicators}",
        "ru": "косвенные показатели (замена там, где прямая мера не публикуется): "
              "{indicators}",
        "kk": "жанама көрсеткіштер (тікелей өлшем жарияланбаған жерде): {indicators}"},
    "gate_note_regions": {
        "en": "Informative only: a region is not a settlement, and R&D staff (research and "
              "support) is not the same as researchers of accredited organisations.",
        "ru": "Справочно: регион — не населённый пункт, а работники НИОКР (исследователи и "
              "вспомогательный персонал) — не то же, что научные работники аккредитованных "
              "организаций.",
        "kk": "Анықтама үшін: өңір елді мекен емес, ал ҒЗТКЖ қызметкерлері (зерттеушілер мен "
              "көмекші персонал) аккредиттелген ұйымдардың ғылыми қызметкерлерімен бірдей "
              "емес."},
}


def t(key: str, lang: str, **fmt: object) -> str:
    """The text for ``key`` in ``lang``, formatted with ``fmt``."""
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**fmt) if fmt else text


def translate(text: str, lang: str) -> str:
    """An engine message (``mcda.messages``) in ``lang``; any other text unchanged.

    Parameters that are messages themselves (an indicator's status) are translated too,
    and the regional 3 % rule note is given in ``lang``."""
    parsed = parse(text)
    if parsed is None:
        return GATE_NOTES.get(text, {}).get(lang, text)
    key, params = parsed
    if f"msg_{key}" not in TEXT:
        return text
    return t(f"msg_{key}", lang, **{k: translate(v, lang) for k, v in params.items()})


#: The catalogue's gate notes, by their English text, in every language.
GATE_NOTES: dict[str, dict[str, str]] = {TEXT["gate_note_regions"]["en"]:
                                         TEXT["gate_note_regions"]}

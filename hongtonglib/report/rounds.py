"""Chinese pages of a data collection round: 报送通知, 催报 list, completeness bars.

Every function formats frames it is given (from :mod:`hongtonglib.intake.completeness` and the
round's requested items) into HTML; nothing here reads the store. The pages are printable
(A4, black on white) and self-contained (inline CSS, no fonts or scripts from elsewhere).

Examples
--------
>>> import pandas as pd
>>> status = pd.DataFrame({"name_zh": ["县卫健局"], "requested": [4], "approved": [1],
...     "pending": [1], "rejected": [0], "missing": [2], "reporting_rate": [50.0],
...     "timeliness": ["late"]})
>>> "width:25.0%" in completeness_bars_html(status)
True
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Mapping, Sequence

import pandas as pd

TIMELINESS_ZH = {
    "on_time": "按时",
    "late": "逾期报送",
    "overdue": "逾期未报",
    "not_due": "未到截止日期",
    "nothing_requested": "本轮无应报项",
}
"""Chinese labels of the timeliness values."""

STATE_ZH = {
    "approved": "已审核",
    "pending": "待审核",
    "rejected": "退回重报",
    "missing": "未报",
}
"""Chinese labels of an item's state."""

BAR_CSS = """
.bar { background: #eee; height: .9em; width: 12em; max-width: 40vw; display: flex;
       border: 1px solid #bbb; }
.bar span { display: block; height: 100%; }
.bar .approved { background: #2e7d32; } .bar .pending { background: #f9a825; }
.bar .rejected { background: #c62828; }
.legend span { display: inline-block; width: .9em; height: .9em; margin: 0 .2em 0 .8em;
               vertical-align: middle; }
td.num { text-align: right; white-space: nowrap; }
.nw { white-space: nowrap; }
"""
"""Styles of the completeness bars (also embedded where the bars appear in other pages)."""

PRINT_CSS = (
    BAR_CSS
    + """
body { font-family: "HongtongCJK", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
       sans-serif;
       color: #111; background: #fff; max-width: 60em; margin: 1.5em auto; padding: 0 1em;
       line-height: 1.6; }
h1 { font-size: 1.5em; text-align: center; margin-bottom: .2em; }
.sub { text-align: center; color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .8em 0; font-size: .92em; }
th, td { border: 1px solid #999; padding: .25em .45em; vertical-align: top; text-align: left; }
th { background: #eee; }
.note { color: #444; font-size: .9em; }
.sign { text-align: right; margin-top: 2em; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; }
               tr { page-break-inside: avoid; } }
"""
)


def esc(value: object) -> str:
    """Return ``value`` as escaped HTML text (``—`` for a missing value)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    return html_lib.escape(str(value))


def page(title: str, body: str) -> str:
    """Return a complete printable HTML page."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{PRINT_CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def _date_zh(iso: str) -> str:
    year, month, day = iso[:10].split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


def notice_html(
    *,
    unit_name: str,
    round_id: int,
    round_year: int,
    due_date: str,
    opened_on: str,
    items: pd.DataFrame,
    template_name: str,
    contact: str,
) -> str:
    """Return one unit's 报送通知.

    Parameters
    ----------
    unit_name : str
        The unit addressed.
    round_id, round_year : int
        The round and its year.
    due_date, opened_on : str
        ISO dates.
    items : DataFrame
        The requested items with columns ``name_zh, unit, years, targets, known``
        (``years``: the years asked, as text; ``targets``: the plan targets served).
    template_name : str
        The file name of the unit's template in its package.
    contact : str
        Where and to whom the filled template goes.
    """
    rows = "".join(
        f"<tr><td>{index}</td><td>{esc(row.name_zh)}</td><td>{esc(row.unit)}</td>"
        f"<td>{esc(row.years)}</td><td>{esc(row.targets)}</td><td>{esc(row.known)}</td></tr>"
        for index, row in enumerate(items.itertuples(), start=1)
    )
    body = f"""
<h1>关于报送洪洞县城镇化行动方案监测数据的通知</h1>
<p class="sub">第{round_id}轮 · {round_year}年数据 · 报送截止：{_date_zh(due_date)}</p>
<p>{esc(unit_name)}：</p>
<p>为跟踪《洪洞县城镇化行动方案》各项数值目标的进展，现开展{round_year}年数据收集（第{round_id}轮）。
公开渠道（统计公报、政府工作报告等）缺少县级数据，请贵单位按下表报送本单位掌握的数据。
本轮共请贵单位报送 <b>{len(items)}</b> 项（指标×年份）。</p>
<h2>一、报送内容</h2>
<table><tr><th>序号</th><th>指标</th><th>单位</th><th>年份</th><th>服务的方案目标</th>
<th>已有数据（供参考）</th></tr>{rows}</table>
<h2>二、填报方法</h2>
<ol>
<li>使用随本通知下发的Excel填报表《{esc(template_name)}》（WPS、Excel均可打开），
只在“数据填报”表的黄色单元格中填写“数值”和“数据来源及备注”；橙色年份为本轮年份。</li>
<li>灰色列“已有数值”“往年数值”为已掌握的数据，只读，供核对；如发现有误，请在备注中说明。</li>
<li>数值只填数字，按“单位”列填写；百分比指标填 46.5 或 46.5%，不要填 0.465。
没有数据请留空，不要填 0，也不要只写“无”。</li>
<li>请勿修改指标代码、年份和表头，不要另建新表（新表无法识别，会被退回）。</li>
</ol>
<h2>三、报送时间和方式</h2>
<p>请于 <b>{_date_zh(due_date)}</b> 前将填好的Excel文件（不要转成PDF或图片）报送：{esc(contact)}。
逾期报送的数据仍会接收，但在完成情况统计中标为逾期。</p>
<p>报送的数据经审核通过后用于下一期监测简报；如被退回，请按退回意见修改后重新报送。</p>
<p class="sign">洪洞县城镇化行动方案监测简报编制人员<br>{_date_zh(opened_on)}</p>
"""
    return page(f"{unit_name} 报送通知（第{round_id}轮）", body)


def package_index_html(
    *, round_id: int, round_year: int, due_date: str, units: pd.DataFrame
) -> str:
    """Return the package folder's index: units sent a package, and units with nothing to report.

    ``units`` has columns ``name_zh, requested, template, notice``.
    """
    sent = units[units["requested"] > 0]
    nothing = units[units["requested"] == 0]
    rows = "".join(
        f"<tr><td>{esc(r.name_zh)}</td><td class='num'>{r.requested}</td>"
        f"<td><a href='{esc(r.notice)}'>{esc(r.notice)}</a></td>"
        f"<td><a href='{esc(r.template)}'>{esc(r.template)}</a></td></tr>"
        for r in sent.itertuples()
    )
    none = "、".join(esc(name) for name in nothing["name_zh"]) or "无"
    body = f"""
<h1>第{round_id}轮数据收集（{round_year}年数据）下发清单</h1>
<p class="sub">报送截止：{_date_zh(due_date)}</p>
<table><tr><th>单位</th><th>应报项数</th><th>报送通知</th><th>填报表</th></tr>{rows}</table>
<p>本轮无应报项、未下发文件的单位（{len(nothing)}个）：{none}</p>
"""
    return page(f"第{round_id}轮下发清单", body)


def completeness_bars_html(status: pd.DataFrame, *, caption: str = "") -> str:
    """Return a table with one bar per unit: approved, pending and rejected shares.

    ``status`` is :func:`hongtonglib.intake.completeness.round_status` (units asked for
    nothing are left out).
    """
    asked = status[status["requested"] > 0]
    rows = []
    for r in asked.itertuples():
        parts = "".join(
            f"<span class='{state}' style='width:{100.0 * getattr(r, state) / r.requested:.1f}%'"
            f" title='{STATE_ZH[state]} {getattr(r, state)}'></span>"
            for state in ("approved", "pending", "rejected")
        )
        rate = "—" if pd.isna(r.reporting_rate) else f"{r.reporting_rate:.0f}%"
        rows.append(
            f"<tr><td>{esc(r.name_zh)}</td><td><div class='bar'>{parts}</div></td>"
            f"<td class='num'>{r.approved + r.pending}/{r.requested}</td>"
            f"<td class='num'>{rate}</td><td>{TIMELINESS_ZH.get(r.timeliness, r.timeliness)}</td>"
            "</tr>"
        )
    legend = (
        "<p class='legend note'>"
        "<span style='background:#2e7d32'></span>已审核"
        "<span style='background:#f9a825'></span>待审核"
        "<span style='background:#c62828'></span>退回重报"
        "<span style='background:#eee;border:1px solid #bbb'></span>未报</p>"
    )
    head = "<tr><th>单位</th><th>完成情况</th><th>已报/应报</th><th>报送率</th><th>及时性</th></tr>"
    cap = f"<p class='note'>{esc(caption)}</p>" if caption else ""
    table = f"<table class='round-bars'>{head}{''.join(rows)}</table>"
    return f"<style>{BAR_CSS}</style>{cap}{table}{legend}"


def remind_html(
    *,
    round_id: int,
    round_year: int,
    due_date: str,
    today: str,
    reminders: pd.DataFrame,
    missing: Mapping[str, Sequence[str]],
) -> str:
    """Return the 催报 list: each late or incomplete unit, what it owes, days overdue.

    ``reminders`` is the rows of :func:`round_status` to chase; ``missing`` maps a unit id to
    the Chinese descriptions of the items it owes.
    """
    rows = "".join(
        f"<tr><td>{index}</td><td class='nw'>{esc(r.name_zh)}</td>"
        f"<td class='nw'>{TIMELINESS_ZH.get(r.timeliness, r.timeliness)}</td>"
        f"<td class='num'>{r.days_overdue}</td>"
        f"<td class='num'>{r.approved + r.pending}/{r.requested}</td>"
        f"<td>{'；'.join(esc(m) for m in missing.get(r.department_id, [])) or '—'}</td></tr>"
        for index, r in enumerate(reminders.itertuples(), start=1)
    )
    if not rows:
        rows = "<tr><td colspan='6'>各单位均已按时报齐，无需催报。</td></tr>"
    body = f"""
<h1>第{round_id}轮数据收集（{round_year}年数据）催报清单</h1>
<p class="sub">截止日期：{_date_zh(due_date)} · 统计日期：{_date_zh(today)}</p>
<table><tr><th class="nw">序号</th><th>单位</th><th>状态</th><th class="nw">逾期天数</th>
<th class="nw">已报/应报</th><th>尚缺数据（指标 年份；退回的注明）</th></tr>{rows}</table>
<p class="note">“已报”含待审核；退回重报的项目按未报计。逾期天数自截止日期次日起算。</p>
"""
    return page(f"第{round_id}轮催报清单", body)

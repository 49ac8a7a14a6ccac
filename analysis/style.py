"""How the workbook's HTML looks: the table styles shared by report pages and explorers."""

#: How tables look, in a report page and in an explorer in JupyterLab (plain colours: no page
#: variables are needed).
TABLE_CSS = """
.table-wrap{overflow-x:auto;margin:.6rem 0 1.2rem}
table.data{border-collapse:collapse;font-size:13.5px;min-width:50%}
table.data th{text-align:left;border-bottom:2px solid #1f2933;padding:.3rem .55rem;
white-space:nowrap;cursor:pointer;user-select:none;vertical-align:bottom}
table.data th.num,table.data td.num{text-align:right;font-variant-numeric:tabular-nums}
table.data td{border-bottom:1px solid #e4e7eb;padding:.28rem .55rem;vertical-align:top;
text-align:left}
table.data td.text{max-width:34rem}
table.data td.kwic-left{text-align:right;max-width:24rem}
table.data td.kwic-match{text-align:center;white-space:nowrap}
table.data td.kwic-right{text-align:left;max-width:24rem}
table.data th[aria-sort=ascending]::after{content:" ▲"}
table.data th[aria-sort=descending]::after{content:" ▼"}
.caption{color:#616e7c;font-size:13px;margin:.25rem 0}
.table-empty p:first-child{font-style:italic}
input.filter{font:inherit;font-size:13px;padding:.2rem .45rem;margin:.2rem 0;
border:1px solid #e4e7eb;border-radius:4px;min-width:16rem}
"""

__all__ = ["TABLE_CSS"]

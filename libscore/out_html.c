/* Text into the HTML of the report (see out_html.h). */
#include <string.h>

#include "out_html.h"

void sc_html_text(sc_out *o, const char *s)
{
    if (!s)
        return;
    /* runs of plain bytes go out whole; UTF-8 passes through */
    const char *run = s;
    for (; *s; s++) {
        const char *entity = NULL;
        switch (*s) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        default: continue;
        }
        sc_buf_append(&o->buf, run, (size_t)(s - run));
        sc_out_puts(o, entity);
        run = s + 1;
    }
    sc_buf_append(&o->buf, run, (size_t)(s - run));
    sc_out_puts(o, ""); /* lets the sink flush when it is full */
}

void sc_html_element(sc_out *o, const char *tag, const char *cls, const char *text)
{
    sc_out_putc(o, '<');
    sc_out_puts(o, tag);
    if (cls) {
        sc_out_puts(o, " class=\"");
        sc_out_puts(o, cls);
        sc_out_putc(o, '"');
    }
    sc_out_putc(o, '>');
    sc_html_text(o, text);
    sc_out_puts(o, "</");
    sc_out_puts(o, tag);
    sc_out_putc(o, '>');
}

void sc_html_cell(sc_out *o, const char *text)
{
    if (text && *text)
        sc_html_element(o, "td", NULL, text);
    else
        sc_out_puts(o, "<td class=\"none\">—</td>");
}

void sc_html_verdict(sc_out *o, int verdict, const char *word)
{
    static const char *const cls[] = {"v-no", "v-yes", "v-unknown"};
    sc_out_printf(o, "<span class=\"verdict %s\">", cls[verdict >= 0 && verdict <= 2 ? verdict : 2]);
    sc_html_text(o, word);
    sc_out_puts(o, "</span>");
}

const char *sc_chart_colour(size_t i)
{
    /* distinct in colour and in grey (print), darkest for the highest */
    static const char *const palette[] = {"#1f4e79", "#2e75b6", "#70ad47", "#ffc000",
                                          "#ed7d31", "#a5a5a5", "#7030a0", "#c00000"};
    return palette[i % (sizeof palette / sizeof *palette)];
}

/* Screen and print: A4 portrait, each major section on a new page, rows
 * and charts kept whole, colours printed as shown. Fonts are the
 * machine's own (no download). */
static const char STYLE[] =
    "<style>\n"
    "@page{size:A4 portrait;margin:16mm 14mm 18mm 14mm}\n"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact;box-sizing:border-box}\n"
    "body{font-family:\"Noto Sans CJK SC\",\"Noto Sans SC\",\"Source Han Sans SC\",\"PingFang SC\","
    "\"Microsoft YaHei\",\"SimSun\",sans-serif;font-size:10.5pt;line-height:1.5;color:#111;"
    "max-width:182mm;margin:0 auto;padding:8px}\n"
    "h1{font-size:20pt;text-align:center;margin:12mm 0 2mm}\n"
    "p.sub{text-align:center;font-size:14pt;margin:0 0 8mm}\n"
    "h2{font-size:15pt;border-bottom:2px solid #1f4e79;padding-bottom:2px;margin:8mm 0 3mm}\n"
    "h3{font-size:12pt;margin:5mm 0 2mm}\n"
    "table{border-collapse:collapse;width:100%;margin:2mm 0 4mm;font-size:9.5pt}\n"
    "th,td{border:1px solid #999;padding:2px 5px;text-align:left;vertical-align:top}\n"
    "th{background:#dde7f3}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "td.none{color:#888;text-align:center}\n"
    "tr.ledger td{font-size:8.5pt;background:#fff8f0}\n"
    "caption{text-align:left;font-weight:bold;font-size:11pt;padding:2mm 0 1mm}\n"
    "table.prov{width:auto}table.prov th{background:#eef2f7;font-weight:normal;white-space:nowrap}\n"
    ".verdict{padding:0 4px;border-radius:3px;white-space:nowrap}\n"
    ".v-yes{background:#dff3e0;color:#1b5e20}.v-no{background:#fde0e0;color:#b71c1c;font-weight:bold}"
    ".v-unknown{background:#eee;color:#555}\n"
    ".tier-none{color:#888}\n"
    "svg.chart{width:100%;height:auto;display:block;margin:2mm 0 5mm}\n"
    "figure{margin:0 0 4mm}figcaption{font-weight:bold;margin-bottom:1mm}\n"
    "details{border-bottom:1px solid #ddd;padding:1px 0}summary{cursor:pointer}\n"
    "pre{font-family:inherit;font-size:9pt;white-space:pre-wrap;background:#f7f7f7;padding:4px 8px;"
    "margin:2px 0 4px}\n"
    "p.note{color:#555;font-size:9pt}\n"
    "@media print{body{max-width:none;padding:0}section.major{break-before:page}"
    "h2,h3,caption,figcaption{break-after:avoid}tr,figure,svg,summary{break-inside:avoid}"
    "thead{display:table-header-group}details>pre{display:none}"
    "p.screen{display:none}}\n"
    "</style>\n";

void sc_html_style(sc_out *o)
{
    sc_out_puts(o, STYLE);
}

//! The desk's pages: the planner's login, rounds and round; a section's own
//! page. Every text from a user or a workbook is escaped; forms that change
//! something carry the session's CSRF token.

use crate::i18n::Lang;
use crate::msg;
use crate::render::html::esc;

use super::db::{Counts, Round, Section, Upload};
use crate::app::serve::page::{document_styled, other_language};

const STYLE: &str = "
main{max-width:72rem}
table{border-collapse:collapse;width:100%;background:#fff;margin:1rem 0}
th,td{border:1px solid #c9d2db;padding:.45rem .6rem;text-align:left;vertical-align:top;font-size:.95rem}
th{background:#e8edf2}
td.no{color:#8a4b00;font-weight:600}
td.yes{color:#14663a;font-weight:600}
.err{color:#b3261e;font-weight:600}
.warn{color:#8a5a00}
code.link{font-size:.85rem;word-break:break-all;background:#f0f3f6;padding:.1rem .3rem}
form.inline{display:inline}
form.inline button{margin:0 .3rem 0 0;padding:.25rem .7rem;font-size:.85rem}
button.quiet{background:#5b6773}
label.field{display:block;margin:.8rem 0 .2rem;font-weight:600}
input[type=text],input[type=password],textarea{width:100%;max-width:36rem;font-size:1rem;padding:.4rem;box-sizing:border-box}
textarea{height:7rem}
nav.desk{display:flex;gap:1.2rem;flex-wrap:wrap;margin:0 0 1rem}
ul.history{margin:0;padding-left:1.1rem}
pre.diff{background:#fff;padding:1rem;border:1px solid #c9d2db;white-space:pre-wrap}
";

/// `2026-12-05 07:10 UTC` from seconds since 1970.
pub fn when(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let crate::problems::waivers::Day(year, month, day) =
        crate::problems::waivers::Day::from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60
    )
}

fn csrf_field(csrf: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        esc(csrf)
    )
}

fn counts(lang: Lang, c: Counts) -> String {
    let clean = if c.errors == 0 && c.warnings == 0 {
        format!(" ({})", esc(&lang.t("desk.clean")))
    } else {
        String::new()
    };
    format!(
        "<span class=\"err\">✖ {}</span> <span class=\"warn\">▲ {}</span> ● {}{clean}",
        c.errors, c.warnings, c.infos
    )
}

/// The login page (answered with 401 to a planner's page asked without the
/// credential).
pub fn login(lang: Lang, nonce: &str, failed: bool) -> String {
    let failed = if failed {
        format!(
            "<p class=\"refusal\" role=\"alert\">{}</p>",
            esc(&lang.t("desk.login-failed"))
        )
    } else {
        String::new()
    };
    let body = format!(
        "<nav class=\"lang\">{}</nav><h1>{}</h1>\n{failed}<p class=\"lead\">{}</p>\n<form method=\"post\" action=\"/desk/login?lang={}\">\n<label class=\"field\" for=\"token\">{}</label><input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"current-password\" required>\n<button type=\"submit\">{}</button>\n</form>",
        other_language(lang, "/desk"),
        esc(&lang.t("desk.title")),
        esc(&lang.t("desk.login-lead")),
        lang.code(),
        esc(&lang.t("desk.login-token")),
        esc(&lang.t("desk.login-submit")),
    );
    document_styled(lang, nonce, &lang.t("desk.title"), &body, "", STYLE)
}

/// One round in the planner's list.
pub struct RoundLine {
    pub round: Round,
    pub sections: usize,
    pub submitted: usize,
}

/// The planner's first page: the rounds, and a form to make one.
pub fn rounds(lang: Lang, nonce: &str, csrf: &str, lines: &[RoundLine]) -> String {
    let code = lang.code();
    let mut list = String::new();
    if lines.is_empty() {
        list.push_str(&format!("<p>{}</p>", esc(&lang.t("desk.no-rounds"))));
    } else {
        list.push_str(&format!(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(&lang.t("desk.round")),
            esc(&lang.t("desk.created")),
            esc(&lang.t("desk.submitted-of"))
        ));
        for l in lines {
            list.push_str(&format!(
                "<tr><td><a href=\"/desk/r/{}?lang={code}\">{}</a></td><td>{}</td><td>{} / {}</td></tr>",
                esc(&l.round.slug),
                esc(&l.round.name),
                when(l.round.created),
                l.submitted,
                l.sections
            ));
        }
        list.push_str("</tbody></table>");
    }
    let body = format!(
        "{nav}<h1>{title}</h1>\n{list}\n<h2>{new}</h2>\n<form method=\"post\" action=\"/desk/rounds?lang={code}\" enctype=\"multipart/form-data\">{csrf}\n<label class=\"field\" for=\"name\">{name}</label><input type=\"text\" id=\"name\" name=\"name\" required placeholder=\"LKjIP 2025\">\n<label class=\"field\" for=\"sections\">{sections}</label><textarea id=\"sections\" name=\"sections\" required placeholder=\"Bagian Umum&#10;Bagian Hukum&#10;Bagian Perekonomian\"></textarea>\n<label class=\"field\" for=\"compiled\">{compiled}</label><input type=\"file\" id=\"compiled\" name=\"compiled\" accept=\".xlsx,.xlsm,.xls,.xlsb,.ods\">\n<label class=\"field\" for=\"budget\">{budget}</label><input type=\"file\" id=\"budget\" name=\"budget\" accept=\".xlsx,.xlsm,.xls,.xlsb,.ods\">\n<p><button type=\"submit\">{create}</button></p>\n</form>",
        nav = nav(lang, csrf, "/desk"),
        title = esc(&lang.t("desk.title")),
        new = esc(&lang.t("desk.new-round")),
        csrf = csrf_field(csrf),
        name = esc(&lang.t("desk.round-name")),
        sections = esc(&lang.t("desk.round-sections")),
        compiled = esc(&lang.t("desk.round-compiled")),
        budget = esc(&lang.t("desk.round-budget")),
        create = esc(&lang.t("desk.create")),
    );
    document_styled(lang, nonce, &lang.t("desk.title"), &body, "", STYLE)
}

fn nav(lang: Lang, csrf: &str, here: &str) -> String {
    format!(
        "<nav class=\"desk\"><a href=\"/desk?lang={0}\">{1}</a><span>{2}</span><form class=\"inline\" method=\"post\" action=\"/desk/logout?lang={0}\">{3}<button type=\"submit\" class=\"quiet\">{4}</button></form></nav>",
        lang.code(),
        esc(&lang.t("desk.rounds")),
        other_language(lang, here),
        csrf_field(csrf),
        esc(&lang.t("desk.logout")),
    )
}

/// A section as the planner sees it: its uploads, and how its latest holds
/// against the compiled report.
pub struct SectionLine {
    pub section: Section,
    pub uploads: Vec<Upload>,
    pub reconciled: Option<crate::reconcile::Summary>,
}

/// Polls the round's state every few seconds and reloads the page when a
/// section has uploaded (or a link changed).
const POLL: &str = "
(function () {
  var page = document.getElementById('round');
  var stamp = page.getAttribute('data-stamp');
  var url = page.getAttribute('data-state');
  function poll() {
    fetch(url, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s && s.stamp !== stamp) { location.reload(); } })
      .catch(function () {});
  }
  setInterval(poll, 3000);
})();
";

/// One section's row of the planner's page.
fn section_row(lang: Lang, csrf: &str, host: &str, slug: &str, line: &SectionLine) -> String {
    let code = lang.code();
    let slug = esc(slug);
    let s = &line.section;
    let link = match &s.link {
        Some(token) => format!(
            "<code class=\"link\">http://{}/s/{}</code>",
            esc(host),
            esc(token)
        ),
        None => esc(&lang.t("desk.link-revoked")),
    };
    let (status, at, found) = match line.uploads.last() {
        Some(u) => (
            format!("<td class=\"yes\">{}</td>", esc(&lang.t("desk.submitted"))),
            when(u.at),
            match &u.unreadable {
                Some(why) => format!("<span class=\"err\">{}</span>", esc(why)),
                None => counts(lang, u.counts),
            },
        ),
        None => (
            format!(
                "<td class=\"no\">{}</td>",
                esc(&lang.t("desk.not-submitted"))
            ),
            String::new(),
            String::new(),
        ),
    };
    let reconciled = match &line.reconciled {
        Some(r) => esc(&msg!(
            "desk.reconciled",
            rows = r.submitted,
            matched = r.matched,
            differing = r.differing,
            missing = r.missing
        )
        .render(lang)),
        None => String::new(),
    };
    let mut history = String::from("<ul class=\"history\">");
    for (i, u) in line.uploads.iter().enumerate() {
        let diff = if i > 0 {
            format!(
                " · <a href=\"/desk/r/{slug}/diff/{}/{}?lang={code}\">{}</a>",
                line.uploads[i - 1].id,
                u.id,
                esc(&lang.t("desk.what-changed"))
            )
        } else {
            String::new()
        };
        history.push_str(&format!(
            "<li><a href=\"/desk/r/{slug}/u/{}?lang={code}\">{}</a> ({}){diff}</li>",
            u.id,
            esc(&u.blob.name),
            when(u.at)
        ));
    }
    history.push_str("</ul>");
    let actions = format!(
        "<form class=\"inline\" method=\"post\" action=\"/desk/r/{slug}/s/{id}/renew?lang={code}\">{csrf}<button type=\"submit\" class=\"quiet\">{renew}</button></form>{revoke}",
        id = s.id,
        csrf = csrf_field(csrf),
        renew = esc(&lang.t("desk.renew")),
        revoke = if s.link.is_some() {
            format!(
                "<form class=\"inline\" method=\"post\" action=\"/desk/r/{slug}/s/{}/revoke?lang={code}\">{}<button type=\"submit\" class=\"quiet\">{}</button></form>",
                s.id,
                csrf_field(csrf),
                esc(&lang.t("desk.revoke"))
            )
        } else {
            String::new()
        },
    );
    format!(
        "<tr data-section=\"{}\"><td>{}</td>{status}<td>{at}</td><td>{found}</td><td>{reconciled}</td><td>{history}</td><td>{link}<br>{actions}</td></tr>\n",
        s.id,
        esc(&s.name),
    )
}

/// The planner's page of a round: each section, its link, whether and when it
/// submitted, its findings, its history and how it holds against the
/// compiled report; the reconciled report and the export.
pub fn round(
    lang: Lang,
    nonce: &str,
    csrf: &str,
    host: &str,
    round: &Round,
    stamp: &str,
    lines: &[SectionLine],
) -> String {
    let code = lang.code();
    let slug = esc(&round.slug);
    let rows: String = lines
        .iter()
        .map(|line| section_row(lang, csrf, host, &round.slug, line))
        .collect();
    let compiled = match &round.compiled {
        Some(b) => format!(
            "<p>{}: <strong>{}</strong> · <a href=\"/desk/r/{slug}/reconciled?lang={code}\">{}</a> · <a href=\"/desk/r/{slug}/reconciled.xlsx?lang={code}\" download>{}</a></p>",
            esc(&lang.t("desk.compiled")),
            esc(&b.name),
            esc(&lang.t("desk.reconciled-page")),
            esc(&lang.t("desk.reconciled-copy")),
        ),
        None => format!("<p>{}</p>", esc(&lang.t("desk.no-compiled"))),
    };
    let budget = match &round.budget {
        Some(b) => format!(
            "<p>{}: <strong>{}</strong></p>",
            esc(&lang.t("desk.budget")),
            esc(&b.name)
        ),
        None => String::new(),
    };
    let body = format!(
        "{nav}<div id=\"round\" data-stamp=\"{stamp}\" data-state=\"/desk/r/{slug}/state\"><h1>{name}</h1>\n{compiled}{budget}<p><a href=\"/desk/r/{slug}/export.zip\" download>{export}</a> · {live}</p>\n<table><thead><tr><th>{h_section}</th><th>{h_status}</th><th>{h_when}</th><th>{h_found}</th><th>{h_reconciled}</th><th>{h_history}</th><th>{h_link}</th></tr></thead><tbody>\n{rows}</tbody></table></div>",
        nav = nav(lang, csrf, &format!("/desk/r/{}", round.slug)),
        stamp = esc(stamp),
        name = esc(&round.name),
        export = esc(&lang.t("desk.export")),
        live = esc(&lang.t("desk.live")),
        h_section = esc(&lang.t("desk.section")),
        h_status = esc(&lang.t("desk.status")),
        h_when = esc(&lang.t("desk.when")),
        h_found = esc(&lang.t("desk.found")),
        h_reconciled = esc(&lang.t("desk.reconciliation")),
        h_history = esc(&lang.t("desk.history")),
        h_link = esc(&lang.t("desk.link")),
    );
    document_styled(lang, nonce, &round.name, &body, POLL, STYLE)
}

/// A page of text (what changed between two uploads).
pub fn text(lang: Lang, nonce: &str, title: &str, back: &str, text: &str) -> String {
    let body = format!(
        "<nav class=\"desk\"><a href=\"{}\">{}</a></nav><h1>{}</h1><pre class=\"diff\">{}</pre>",
        esc(back),
        esc(&lang.t("desk.back")),
        esc(title),
        esc(text)
    );
    document_styled(lang, nonce, title, &body, "", STYLE)
}

/// A section's own page: the round, the upload form, and its uploads.
pub fn section(
    lang: Lang,
    nonce: &str,
    token: &str,
    round: &Round,
    section: &Section,
    uploads: &[Upload],
) -> String {
    let code = lang.code();
    let token = esc(token);
    let mut list = String::new();
    if uploads.is_empty() {
        list.push_str(&format!("<p>{}</p>", esc(&lang.t("desk.none-yet"))));
    } else {
        list.push_str(&format!(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(&lang.t("desk.file")),
            esc(&lang.t("desk.when")),
            esc(&lang.t("desk.found"))
        ));
        for u in uploads.iter().rev() {
            let found = match &u.unreadable {
                Some(why) => format!("<span class=\"err\">{}</span>", esc(why)),
                None => counts(lang, u.counts),
            };
            list.push_str(&format!(
                "<tr><td><a href=\"/s/{token}/u/{}?lang={code}\">{}</a></td><td>{}</td><td>{found}</td></tr>",
                u.id,
                esc(&u.blob.name),
                when(u.at)
            ));
        }
        list.push_str("</tbody></table>");
    }
    let body = format!(
        "<nav class=\"lang\">{langs}</nav><h1>{round}</h1>\n<p class=\"lead\">{who}</p>\n<form method=\"post\" action=\"/s/{token}/upload?lang={code}\" enctype=\"multipart/form-data\">\n<label class=\"field\" for=\"file\">{choose}</label><input type=\"file\" id=\"file\" name=\"file\" required accept=\".xlsx,.xlsm,.xls,.xlsb,.ods\">\n<button type=\"submit\">{send}</button>\n</form>\n<h2>{mine}</h2>\n{list}",
        langs = other_language(lang, &format!("/s/{token}")),
        round = esc(&round.name),
        who = esc(&msg!("desk.section-lead", section = section.name.clone()).render(lang)),
        choose = esc(&lang.t("desk.choose")),
        send = esc(&lang.t("desk.send")),
        mine = esc(&lang.t("desk.mine")),
    );
    document_styled(lang, nonce, &round.name, &body, "", STYLE)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_moment_is_said_in_utc() {
        assert_eq!(super::when(0), "1970-01-01 00:00 UTC");
        assert_eq!(super::when(1_796_454_600), "2026-12-05 07:10 UTC");
        assert_eq!(super::when(951_782_400), "2000-02-29 00:00 UTC");
    }
}

//! The server's own pages: where files are dropped, the evaluator's page with
//! its download bar, and a refusal said in the page's language. Every page is
//! self-contained (no outside script, font or style) and sent with a strict
//! Content-Security-Policy: its one inline style and script carry a nonce new
//! for each response.

use crate::i18n::Lang;
use crate::render::html::esc;

use super::work::Kept;

/// The policy a page is sent with: nothing from outside, only the inline
/// style and script carrying `nonce`, forms only to this server.
pub fn policy(nonce: &str) -> String {
    format!(
        "default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )
}

/// The policy of a page that also asks this server for data (the planner's
/// page, polling for submissions).
pub fn policy_fetching(nonce: &str) -> String {
    format!("{}; connect-src 'self'", policy(nonce))
}

const STYLE: &str = "
body{font-family:system-ui,'Segoe UI',Arial,sans-serif;margin:0;background:#f4f6f8;color:#1b2733}
main{max-width:46rem;margin:3rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .3rem}
p.lead{margin:0 0 1.5rem;color:#44515e}
#zone{display:block;border:2px dashed #7a8a99;border-radius:10px;background:#fff;padding:2.5rem 1rem;text-align:center;cursor:pointer}
#zone.over{border-color:#0b6bcb;background:#eaf3fd}
#zone strong{display:block;font-size:1.15rem;margin-bottom:.4rem}
#file{margin-top:1rem}
#chosen{margin:.8rem 0 0;color:#44515e;min-height:1.2em}
button{margin-top:1rem;font-size:1rem;padding:.55rem 1.4rem;border-radius:6px;border:0;background:#0b6bcb;color:#fff;cursor:pointer}
#busy{margin-top:1rem;font-weight:600}
.note{font-size:.9rem;color:#5b6773;margin-top:2rem}
nav.lang{float:right;font-size:.9rem}
.refusal{background:#fff;border-left:5px solid #c0392b;padding:1rem 1.2rem;border-radius:4px}
";

pub(crate) fn other_language(lang: Lang, here: &str) -> String {
    Lang::all()
        .filter(|l| *l != lang)
        .map(|l| {
            format!(
                "<a href=\"{}?lang={}\" hreflang=\"{1}\">{}</a>",
                esc(here),
                l.code(),
                esc(&l.t("serve.language-name"))
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn document(lang: Lang, nonce: &str, title: &str, body: &str, script: &str) -> String {
    document_styled(lang, nonce, title, body, script, "")
}

/// A page of the server's: `body` in `<main>`, the house style and `style`,
/// and `script`, both under the nonce.
pub(crate) fn document_styled(
    lang: Lang,
    nonce: &str,
    title: &str,
    body: &str,
    script: &str,
    style: &str,
) -> String {
    let script = if script.is_empty() {
        String::new()
    } else {
        format!("<script nonce=\"{nonce}\">{script}</script>\n")
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style nonce=\"{nonce}\">{STYLE}{style}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n{script}</body>\n</html>\n",
        lang.code(),
        esc(title),
    )
}

const DROP_SCRIPT: &str = "
(function () {
  var zone = document.getElementById('zone');
  var input = document.getElementById('file');
  var form = document.getElementById('form');
  var chosen = document.getElementById('chosen');
  var busy = document.getElementById('busy');
  function show() {
    var names = [];
    for (var i = 0; i < input.files.length; i++) { names.push(input.files[i].name); }
    chosen.textContent = names.join(', ');
  }
  function send() { busy.hidden = false; form.submit(); }
  input.addEventListener('change', show);
  ['dragenter', 'dragover'].forEach(function (t) {
    zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (t) {
    zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.remove('over'); });
  });
  zone.addEventListener('drop', function (e) {
    if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; show(); send(); }
  });
  form.addEventListener('submit', function () { busy.hidden = false; });
})();
";

/// The page files are dropped on (or chosen): they go to `/upload`.
pub fn upload(lang: Lang, nonce: &str, max_upload_mb: u64) -> String {
    let accept: Vec<String> = super::store::EXTENSIONS
        .iter()
        .map(|e| format!(".{e}"))
        .collect();
    let body = format!(
        "<nav class=\"lang\">{langs}</nav>\n<h1>selaras</h1>\n<p class=\"lead\">{lead}</p>\n<form id=\"form\" method=\"post\" action=\"/upload?lang={code}\" enctype=\"multipart/form-data\">\n<label id=\"zone\" for=\"file\"><strong>{drop}</strong>{kinds}<br>\n<input type=\"file\" id=\"file\" name=\"file\" multiple required accept=\"{accept}\"></label>\n<p id=\"chosen\" aria-live=\"polite\"></p>\n<button type=\"submit\">{submit}</button>\n<p id=\"busy\" hidden>{busy}</p>\n</form>\n<p class=\"note\">{kept}</p>",
        langs = other_language(lang, "/"),
        lead = esc(&lang.t("serve.page-lead")),
        code = lang.code(),
        drop = esc(&lang.t("serve.page-drop")),
        kinds = esc(&lang.t("serve.page-kinds")),
        accept = accept.join(","),
        submit = esc(&lang.t("serve.page-submit")),
        busy = esc(&lang.t("serve.page-busy")),
        kept = esc(&crate::msg!("serve.page-kept", limit = max_upload_mb.to_string()).render(lang)),
    );
    document(lang, nonce, &lang.t("serve.page-title"), &body, DROP_SCRIPT)
}

/// A refusal as a page: what went wrong, and the way back.
pub fn refusal(lang: Lang, nonce: &str, message: &str) -> String {
    let body = format!(
        "<h1>selaras</h1>\n<p class=\"refusal\" role=\"alert\">{}</p>\n<p><a href=\"/?lang={}\">{}</a></p>",
        esc(message),
        lang.code(),
        esc(&lang.t("serve.page-again"))
    );
    document(lang, nonce, &lang.t("serve.page-title"), &body, "")
}

const BAR_STYLE: &str = "
nav.serve-bar{font-family:system-ui,'Segoe UI',Arial,sans-serif;background:#1b2733;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:baseline}
nav.serve-bar a{color:#cfe5ff}
nav.serve-bar .file{font-weight:600}
@media print{nav.serve-bar{display:none}}
";

/// The evaluator's page (the `--html` page of the uploaded files) with a bar on
/// top: the corrected copy of each file that was read (safe fixes, or with the
/// unsafe ones too), the JSON report, another check, the other language.
pub fn report(
    lang: Lang,
    nonce: &str,
    id: &str,
    files: &[Kept],
    readable: &[bool],
    page: &str,
) -> String {
    let code = lang.code();
    let mut bar = format!(
        "<nav class=\"serve-bar\" aria-label=\"selaras\"><a href=\"/?lang={code}\">{}</a>",
        esc(&lang.t("serve.page-again"))
    );
    for (i, (file, ok)) in files.iter().zip(readable).enumerate() {
        if !ok {
            continue;
        }
        bar.push_str(&format!(
            "<span><span class=\"file\">{}</span>: <a href=\"/report/{id}/fixed/{i}?lang={code}\" download>{}</a> · <a href=\"/report/{id}/fixed/{i}?lang={code}&amp;unsafe=1\" download>{}</a></span>",
            esc(&file.name),
            esc(&lang.t("serve.page-fixed")),
            esc(&lang.t("serve.page-fixed-unsafe")),
        ));
    }
    bar.push_str(&format!(
        "<a href=\"/report/{id}/json\" download>{}</a>{}</nav>\n",
        esc(&lang.t("serve.page-json")),
        other_language(lang, &format!("/report/{id}")),
    ));
    with_bar(page, nonce, &bar)
}

/// The evaluator's page with `bar` on top; its own style and script get the
/// nonce. A workbook's text is escaped in it, so these tags are the
/// renderer's own.
pub(crate) fn with_bar(page: &str, nonce: &str, bar: &str) -> String {
    let page = page
        .replacen("<style>", &format!("<style nonce=\"{nonce}\">"), 1)
        .replacen("<script>", &format!("<script nonce=\"{nonce}\">"), 1)
        .replacen(
            "</head>",
            &format!("<style nonce=\"{nonce}\">{BAR_STYLE}</style>\n</head>"),
            1,
        );
    match page.find("<body>") {
        Some(at) => {
            let at = at + "<body>".len();
            format!("{}\n{bar}{}", &page[..at], &page[at..])
        }
        None => page,
    }
}

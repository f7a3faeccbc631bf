//! The review loop's words (issue 14), shared by the command line and the terminal UI:
//! review states, decisions, what is open for the approval guard, threads of comments and
//! replies, `--approve-clean` results.

use crate::core::op::ReviewState;
use crate::core::review::{MessageKind, ReviewStatus};
use crate::core::text::inert;
use crate::i18n::{Lang, short_datetime};
use crate::workspace::{
    ApproveClean, AuditEntry, DecisionView, MessageView, OpenItems, ReviewView, Skip,
};

/// A derived review state in words.
#[must_use]
pub fn status_word(lang: Lang, s: ReviewStatus) -> &'static str {
    match s {
        ReviewStatus::Received => lang.t("diterima", "received"),
        ReviewStatus::NeedsRevision => lang.t("perlu revisi", "needs revision"),
        ReviewStatus::Resubmitted => lang.t("dikirim ulang", "resubmitted"),
        ReviewStatus::Approved => lang.t("disetujui", "approved"),
        ReviewStatus::Rejected => lang.t("ditolak", "rejected"),
    }
}

/// The state of an assessment without any decision: shown as received.
#[must_use]
pub fn status_or_received(lang: Lang, s: Option<ReviewStatus>) -> &'static str {
    status_word(lang, s.unwrap_or(ReviewStatus::Received))
}

/// A one-character marker for lists: ◷ needs revision, ↻ resubmitted, ✔ approved,
/// ✖ rejected, nothing otherwise.
#[must_use]
pub fn marker(s: Option<ReviewStatus>) -> &'static str {
    match s {
        Some(ReviewStatus::NeedsRevision) => "◷",
        Some(ReviewStatus::Resubmitted) => "↻",
        Some(ReviewStatus::Approved) => "✔",
        Some(ReviewStatus::Rejected) => "✖",
        _ => "",
    }
}

/// A decision (what the supervisor chose) in words.
#[must_use]
pub fn decision_word(lang: Lang, s: ReviewState) -> &'static str {
    match s {
        ReviewState::Received => status_word(lang, ReviewStatus::Received),
        ReviewState::NeedsRevision => status_word(lang, ReviewStatus::NeedsRevision),
        ReviewState::Approved => status_word(lang, ReviewStatus::Approved),
        ReviewState::Rejected => status_word(lang, ReviewStatus::Rejected),
    }
}

/// What is open, as a list: "draf, 2 konflik, 1 op ditahan".
#[must_use]
pub fn open_items(o: &OpenItems, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if o.draft {
        parts.push(lang.t("masih draf", "still a draft").to_string());
    }
    if o.edited_after_final {
        parts.push(
            lang.t("diubah setelah final", "edited after final")
                .to_string(),
        );
    }
    if o.conflicts > 0 {
        parts.push(format!(
            "{} {}",
            o.conflicts,
            lang.t("konflik terbuka", "open conflict(s)")
        ));
    }
    if o.held > 0 {
        parts.push(format!("{} {}", o.held, lang.t("op ditahan", "held op(s)")));
    }
    parts.join(", ")
}

/// "3 komentar supervisor" / "3 supervisor comments".
#[must_use]
pub fn comments_count(n: usize, lang: Lang) -> String {
    if lang.en() {
        format!("{n} supervisor comment{}", if n == 1 { "" } else { "s" })
    } else {
        format!("{n} komentar supervisor")
    }
}

/// "2 belum dibalas" / "2 unanswered".
#[must_use]
pub fn open_count(n: usize, lang: Lang) -> String {
    if lang.en() {
        format!("{n} unanswered")
    } else {
        format!("{n} belum dibalas")
    }
}

/// The writer's role in a thread: "supervisor" or "penilai".
#[must_use]
pub fn role_word(kind: MessageKind, lang: Lang) -> &'static str {
    match kind {
        MessageKind::Comment => "supervisor",
        MessageKind::Reply => lang.t("penilai", "assessor"),
    }
}

/// Who wrote a message: "supervisor" or "penilai", with the name.
#[must_use]
pub fn message_head(m: &MessageView, lang: Lang) -> String {
    let role = role_word(m.kind, lang);
    format!(
        "{} ({role}) · {}",
        inert(&m.name, false),
        short_datetime(m.wall_ms, lang)
    )
}

/// The lines of a message's text (multi-line, inert).
#[must_use]
pub fn message_lines(m: &MessageView) -> Vec<String> {
    inert(&m.text, true).lines().map(str::to_string).collect()
}

/// A decision's head line: "12 Agu 10:14 · Sinta Dewi: perlu revisi", with the reason of
/// an approval past the guard.
#[must_use]
pub fn decision_head(d: &DecisionView, lang: Lang) -> String {
    let mut s = format!(
        "{} · {}: {}",
        short_datetime(d.wall_ms, lang),
        inert(&d.name, false),
        decision_word(lang, d.state)
    );
    if let Some(r) = &d.forced {
        s.push_str(&format!(
            " [{}: {}]",
            lang.t("disetujui dengan alasan", "approved with reason"),
            inert(r, false)
        ));
    }
    s
}

/// One decision of the history: "12 Agu 10:14 · Sari: perlu revisi — cek foto".
#[must_use]
pub fn decision_line(d: &DecisionView, lang: Lang) -> String {
    let mut s = format!(
        "{} · {}: {}",
        short_datetime(d.wall_ms, lang),
        inert(&d.name, false),
        decision_word(lang, d.state)
    );
    if !d.comment.is_empty() {
        s.push_str(" — ");
        s.push_str(&inert(&d.comment, false).replace('\n', " / "));
    }
    if let Some(r) = &d.forced {
        s.push_str(&format!(
            " [{}: {}]",
            lang.t("disetujui dengan alasan", "approved with reason"),
            inert(r, false)
        ));
    }
    s
}

/// The review section of `tilik show`: state, history, threads (nothing before the
/// first decision or comment).
#[must_use]
pub fn show_lines(v: &ReviewView, lang: Lang) -> Vec<String> {
    if v.state.is_none() && v.history.is_empty() && v.threads.is_empty() {
        return Vec::new();
    }
    let mut out = vec![format!(
        "{}: {}{}",
        lang.t("Tinjauan", "Review"),
        status_or_received(lang, v.state),
        if v.supervisor_comments > 0 {
            format!(
                " · {} · {}",
                comments_count(v.supervisor_comments, lang),
                open_count(v.open_comments, lang)
            )
        } else {
            String::new()
        }
    )];
    for d in &v.history {
        out.push(format!("  {}", decision_head(d, lang)));
        for l in inert(&d.comment, true).lines() {
            out.push(format!("    {l}"));
        }
    }
    for t in &v.threads {
        out.push(format!(
            "{} {}:",
            lang.t("Komentar", "Comments on"),
            t.indicator.as_deref().map_or_else(
                || lang.t("penilaian", "the assessment").to_string(),
                |i| inert(i, false)
            )
        ));
        for m in &t.messages {
            out.push(format!("  {}", message_head(m, lang)));
            for l in message_lines(m) {
                out.push(format!("    {l}"));
            }
        }
    }
    out
}

/// `tilik review` done: "Tinjauan disimpan: perlu revisi."
#[must_use]
pub fn saved(state: ReviewState, lang: Lang) -> String {
    format!(
        "{}: {}.",
        lang.t("Tinjauan disimpan", "Review saved"),
        decision_word(lang, state)
    )
}

/// `tilik review --comment` without `--state` done.
#[must_use]
pub fn comment_saved(lang: Lang) -> &'static str {
    lang.t(
        "Komentar disimpan; ikut terkirim pada ekspor berikutnya.",
        "Comment saved; it travels with the next export.",
    )
}

/// `tilik reply` done.
#[must_use]
pub fn reply_saved(lang: Lang) -> &'static str {
    lang.t(
        "Balasan disimpan; ikut terkirim pada ekspor berikutnya.",
        "Reply saved; it travels with the next export.",
    )
}

/// Why `--approve-clean` left an assessment.
#[must_use]
pub fn skip_word(s: Skip, lang: Lang) -> &'static str {
    match s {
        Skip::NotFinal => lang.t("belum final", "not final"),
        Skip::Conflicts => lang.t("ada konflik", "has conflicts"),
        Skip::Held => lang.t("ada op ditahan", "has held ops"),
        Skip::OpenComments => lang.t("ada komentar belum dibalas", "has unanswered comments"),
        Skip::NeedsRevision => lang.t("perlu revisi", "needs revision"),
        Skip::AlreadyApproved => lang.t("sudah disetujui", "already approved"),
        Skip::Rejected => lang.t("ditolak", "rejected"),
    }
}

/// `--approve-clean` result lines.
#[must_use]
pub fn approve_clean_lines(r: &ApproveClean, lang: Lang) -> Vec<String> {
    let mut out = vec![if lang.en() {
        format!(
            "Approved {} assessment(s); {} left.",
            r.approved.len(),
            r.skipped.len()
        )
    } else {
        format!(
            "{} penilaian disetujui; {} dilewati.",
            r.approved.len(),
            r.skipped.len()
        )
    }];
    for id in &r.approved {
        out.push(format!("  ✔ {id}"));
    }
    for (id, why) in &r.skipped {
        out.push(format!("  · {id}: {}", skip_word(*why, lang)));
    }
    out
}

fn side(v: Option<&crate::workspace::LogValue>, lang: Lang) -> String {
    v.map(|x| crate::present::words::log_value(lang, x))
        .unwrap_or_default()
}

/// An audit entry's change: `old → new`, the new side alone, `old → —`, or nothing.
fn change_text(e: &AuditEntry, lang: Lang) -> String {
    let old = side(e.old.as_ref(), lang);
    let new = side(e.new.as_ref(), lang);
    match (old.is_empty(), new.is_empty()) {
        (false, false) => format!("{old} → {new}"),
        (true, false) => new,
        (false, true) => format!("{old} → —"),
        (true, true) => String::new(),
    }
}

/// One entry of an assessment's audit trail for the terminal UI, after its time: who,
/// what (the op in words, the indicator), old → new; and why, when it says.
#[must_use]
pub fn audit_entry(e: &AuditEntry, lang: Lang) -> (String, Option<String>) {
    let change = change_text(e, lang);
    let mut what = format!(
        "{} · {}",
        inert(&e.who, false),
        crate::present::words::op_word(lang, e.kind)
    );
    if let Some(i) = &e.indicator {
        what.push(' ');
        what.push_str(&inert(i, false));
    }
    if !change.is_empty() {
        what.push_str(": ");
        what.push_str(&inert(&change, false).replace('\n', " / "));
    }
    let why = e.why.as_ref().map(|w| {
        format!(
            "{}: {}",
            lang.t("alasan", "why"),
            inert(w, false).replace('\n', " / ")
        )
    });
    (what, why)
}

/// The title of an assessment's audit trail.
#[must_use]
pub fn audit_title(lang: Lang, n: usize) -> String {
    format!(
        "{} ({n}, {})",
        lang.t("Jejak audit", "Audit trail"),
        lang.t("terbaru dulu", "newest first")
    )
}

/// The audit trail as a table: when, who (fingerprint), assessment, kind, indicator,
/// old → new, why, op hash (short).
#[must_use]
pub fn audit_table(entries: &[AuditEntry], lang: Lang) -> Vec<String> {
    if entries.is_empty() {
        return vec![lang.t("Belum ada operasi.", "No ops yet.").to_string()];
    }
    entries
        .iter()
        .map(|e| {
            let change = change_text(e, lang);
            let mut s = format!(
                "{}  {} ({})  {}  {} {} {}",
                crate::i18n::datetime(e.wall_ms),
                inert(&e.who, false),
                e.fingerprint.get(..9).unwrap_or(&e.fingerprint),
                e.assessment,
                e.kind,
                e.indicator
                    .as_deref()
                    .map(|i| inert(i, false))
                    .unwrap_or_default(),
                inert(&change, false).replace('\n', " / ")
            );
            if let Some(w) = &e.why {
                s.push_str(&format!(
                    "  {}: {}",
                    lang.t("alasan", "why"),
                    inert(w, false).replace('\n', " / ")
                ));
            }
            s.push_str(&format!("  #{}", e.hash.get(..12).unwrap_or(&e.hash)));
            s
        })
        .collect()
}

/// The audit trail as CSV (every cell through the OWASP-safe writer).
#[must_use]
pub fn audit_csv(entries: &[AuditEntry], lang: Lang) -> String {
    let mut o = String::new();
    crate::present::safe::csv_record(
        &mut o,
        [
            "when",
            "who",
            "fingerprint",
            "device",
            "seq",
            "assessment",
            "pemda",
            "lokus",
            "kind",
            "indicator",
            "old",
            "new",
            "why",
            "hash",
        ],
    );
    for e in entries {
        crate::present::safe::csv_record(
            &mut o,
            [
                crate::i18n::datetime(e.wall_ms),
                e.who.clone(),
                e.fingerprint.clone(),
                e.device.clone(),
                e.seq.to_string(),
                e.assessment.clone(),
                e.pemda_name.clone(),
                e.lokus_name.clone(),
                e.kind.to_string(),
                e.indicator.clone().unwrap_or_default(),
                side(e.old.as_ref(), lang),
                side(e.new.as_ref(), lang),
                e.why.clone().unwrap_or_default(),
                e.hash.clone(),
            ],
        );
    }
    o
}

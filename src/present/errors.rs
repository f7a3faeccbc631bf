//! One sentence per library error, in Bahasa Indonesia (default) or English: what
//! happened and what to do. The command line prints it after `tilik:`; the terminal UI
//! shows it on the status line.

use crate::error::{Error, FsFault};
use crate::i18n::{Lang, inert};

/// The user's sentence for a core failure. Core's error is `#[non_exhaustive]`, so a
/// variant added there reads as an internal error until it gets its own sentence here.
fn core_message(e: &crate::core::Error, en: bool) -> String {
    match e {
        crate::core::Error::Encode { what, source } => {
            if en {
                format!(
                    "Cannot encode the {what} ({source}); the action was stopped. This is a bug in tilik: please report it."
                )
            } else {
                format!(
                    "Tidak dapat mengodekan {what} ({source}); tindakan dihentikan. Ini bug di tilik: mohon laporkan."
                )
            }
        }
        other => {
            if en {
                format!(
                    "Internal error ({other}); the action was stopped. This is a bug in tilik: please report it."
                )
            } else {
                format!(
                    "Galat internal ({other}); tindakan dihentikan. Ini bug di tilik: mohon laporkan."
                )
            }
        }
    }
}

/// What an I/O error's context (tilik's own short English words for the step, often with
/// a path after them) says, in the language of the message: the known steps are
/// translated, a path is kept as it is.
#[must_use]
pub fn context_words(context: &str, en: bool) -> String {
    if en {
        return context.to_string();
    }
    // Longest first, so "write evidence" wins over "write".
    const STEPS: &[(&str, &str)] = &[
        (
            "move the damaged store to",
            "memindahkan penyimpanan yang rusak ke",
        ),
        (
            "sync the rebuilt evidence folder",
            "menyinkronkan folder bukti yang dibangun ulang",
        ),
        (
            "sync the rebuilt store folder",
            "menyinkronkan folder penyimpanan yang dibangun ulang",
        ),
        ("copy journaled evidence", "menyalin bukti dari jurnal"),
        ("read journaled evidence", "membaca bukti dari jurnal"),
        ("sync the output folder", "menyinkronkan folder keluaran"),
        ("sync the inbox folder", "menyinkronkan folder kotak masuk"),
        ("sync the inbox copy", "menyinkronkan salinan kotak masuk"),
        ("sync the data folder", "menyinkronkan folder data"),
        ("create output folder", "membuat folder keluaran"),
        ("create bundle file", "membuat berkas bundel"),
        ("open the store", "membuka penyimpanan"),
        ("copy the journal", "menyalin jurnal"),
        ("write the store", "menulis penyimpanan"),
        ("write evidence", "menulis bukti"),
        ("read evidence", "membaca bukti"),
        ("journal record", "catatan jurnal"),
        ("rename in inbox", "mengganti nama di kotak masuk"),
        ("copy to inbox", "menyalin ke kotak masuk"),
        ("create bundle", "membuat bundel"),
        ("create inbox", "membuat kotak masuk"),
        ("rename bundle", "mengganti nama bundel"),
        ("write bundle", "menulis bundel"),
        ("fsync bundle", "menyimpan bundel ke disk"),
        ("fsync inbox", "menyimpan kotak masuk ke disk"),
        ("read bundle", "membaca bundel"),
        ("open journal", "membuka jurnal"),
        ("lock journal", "mengunci jurnal"),
        ("inbox copy", "salinan kotak masuk"),
        ("random key", "membuat kunci acak"),
        ("rename to", "mengganti nama menjadi"),
        ("encrypt", "enkripsi"),
        ("create", "membuat"),
        ("fsync", "menyimpan ke disk"),
        ("write", "menulis"),
        ("read", "membaca"),
        ("sync", "menyinkronkan"),
        ("move", "memindahkan"),
    ];
    for (step, id) in STEPS {
        if let Some(rest) = context.strip_prefix(step)
            && (rest.is_empty() || rest.starts_with(' '))
        {
            let rest = rest
                .strip_suffix(" aside")
                .map_or_else(|| rest.to_string(), |r| format!("{r} ke samping"));
            return format!("{id}{rest}");
        }
    }
    context.to_string()
}

/// What could not be done, for the sentence of a file-system fault.
fn fault_context(e: &Error) -> String {
    match e {
        Error::Io { context, .. } => context.clone(),
        Error::DataDir { path, .. } | Error::StoreCorrupt { path, .. } => {
            path.display().to_string()
        }
        Error::ImportInterrupted { cause, .. } => fault_context(cause),
        _ => "write the store".into(),
    }
}

/// The sentence for a disk that is full, read-only, or may not be written: the cause and
/// the next step. Nothing in it suggests restoring anything: what was saved is kept.
#[must_use]
pub fn fs_fault_message(fault: FsFault, context: &str, lang: Lang) -> String {
    let c = crate::i18n::inert(context, false);
    match (fault, lang.en()) {
        (FsFault::DiskFull, true) => format!(
            "The disk is full ({c}): this action was not saved. Everything shown as saved before is kept. Free some space on that disk (delete or move files you do not need), then do it again."
        ),
        (FsFault::DiskFull, false) => format!(
            "Disk penuh ({c}): tindakan ini tidak tersimpan. Semua yang sebelumnya tampil tersimpan tetap ada. Kosongkan sebagian ruang di disk itu (hapus atau pindahkan berkas yang tidak perlu), lalu ulangi."
        ),
        (FsFault::ReadOnly, true) => format!(
            "The disk is read-only ({c}): this action was not saved. Everything saved before is kept. Make the disk writable again (reconnect it, or unlock the card), or choose another data folder with --data-dir or TILIK_DATA_DIR, then do it again."
        ),
        (FsFault::ReadOnly, false) => format!(
            "Disk hanya-baca ({c}): tindakan ini tidak tersimpan. Semua yang tersimpan sebelumnya tetap ada. Jadikan disk dapat ditulis lagi (sambungkan ulang, atau buka kunci kartunya), atau pilih folder data lain dengan --data-dir atau TILIK_DATA_DIR, lalu ulangi."
        ),
        (FsFault::Permission, true) => format!(
            "tilik is not allowed to write there ({c}): this action was not saved. Give your user write permission on the data folder (or run tilik as the user that owns it), then do it again."
        ),
        (FsFault::Permission, false) => format!(
            "tilik tidak diizinkan menulis di sana ({c}): tindakan ini tidak tersimpan. Beri pengguna Anda izin menulis pada folder data (atau jalankan tilik sebagai pemilik folder itu), lalu ulangi."
        ),
    }
}

/// Why a file operation failed, in a few words (never the system's English text).
#[must_use]
pub fn io_reason(e: &std::io::Error, en: bool) -> String {
    use std::io::ErrorKind as K;
    let (id, eng) = match e.kind() {
        K::NotFound => ("tidak ada", "it does not exist"),
        K::PermissionDenied => ("tidak diizinkan", "permission denied"),
        K::AlreadyExists => ("sudah ada", "it already exists"),
        K::StorageFull | K::QuotaExceeded => ("disk penuh", "the disk is full"),
        K::ReadOnlyFilesystem => ("disk hanya dapat dibaca", "the disk is read-only"),
        K::NotADirectory => (
            "bagian path-nya bukan folder",
            "part of the path is not a folder",
        ),
        K::IsADirectory => ("itu sebuah folder", "it is a folder"),
        K::DirectoryNotEmpty => ("folder tidak kosong", "the folder is not empty"),
        K::InvalidFilename => ("nama tidak sah", "the name is not valid"),
        K::UnexpectedEof => ("berkas terpotong", "the file is cut short"),
        // A library's parse error (TOML, CSV): its English text stays out of the sentence.
        K::InvalidData => ("isinya tidak sah", "its content is not valid"),
        K::Interrupted | K::TimedOut | K::WouldBlock => {
            ("terputus, coba lagi", "interrupted, try again")
        }
        _ => match e.raw_os_error() {
            Some(5) => ("galat baca/tulis perangkat", "device read/write error"),
            Some(n) => {
                return if en {
                    format!("system error {n}")
                } else {
                    format!("galat sistem {n}")
                };
            }
            // tilik's own wording (a hint given as the error's text), kept as it is.
            None => return e.to_string(),
        },
    };
    if en { eng } else { id }.to_string()
}

/// One sentence for the user: what happened and what to do.
#[must_use]
pub fn user_message(e: &Error, lang: Lang) -> String {
    let en = lang.en();
    if matches!(e, Error::ImportInterrupted { .. }) {
        return crate::present::import::interrupted(e, lang);
    }
    if let Some(f) = e.fs_fault() {
        return fs_fault_message(f, &context_words(&fault_context(e), lang.en()), lang);
    }
    match e {
        Error::StoreInUse(p) => if en {
            format!("The store {} is in use by another tilik process; close it (or wait for it to finish) and try again.", p.display())
        } else {
            format!("Penyimpanan {} sedang dipakai proses tilik lain; tutup proses itu (atau tunggu selesai) lalu coba lagi.", p.display())
        },
        Error::DataDir { path, source } => if en {
            format!("Cannot write the data folder {} ({}); choose a writable folder with --data-dir or TILIK_DATA_DIR.", path.display(), io_reason(source, en))
        } else {
            format!("Folder data {} tidak dapat ditulis ({}); pilih folder yang dapat ditulis dengan --data-dir atau TILIK_DATA_DIR.", path.display(), io_reason(source, en))
        },
        Error::StoreCorrupt { path, detail } => if en {
            format!("The store at {} cannot be opened ({detail}); move that folder aside and restore from your last exported bundle.", path.display())
        } else {
            format!("Penyimpanan di {} tidak dapat dibuka ({detail}); pindahkan folder itu lalu pulihkan dari bundel ekspor terakhir.", path.display())
        },
        Error::StoreDamaged { path, .. } => if en {
            format!("Part of the store at {} turned out to be damaged while it was read; this action was not done and nothing was changed. Run tilik again: it rebuilds the store from its journal, keeping every saved answer, and says what it did.", path.display())
        } else {
            format!("Sebagian penyimpanan di {} ternyata rusak saat dibaca; tindakan ini tidak dijalankan dan tidak ada yang berubah. Jalankan tilik lagi: tilik membangun ulang penyimpanan dari jurnalnya, semua jawaban tersimpan tetap ada, dan tilik memberi tahu apa yang dilakukannya.", path.display())
        },
        Error::JournalCorrupt { path, offset, detail } => if en {
            format!("The store's journal {} is damaged at byte {offset} ({detail}); tilik changed nothing: copy the whole data folder somewhere safe, then move that file aside (tilik makes a new journal from the store on the next start) or ask your office for help.", path.display())
        } else {
            format!("Jurnal penyimpanan {} rusak pada bita {offset} ({detail}); tilik tidak mengubah apa pun: salin seluruh folder data ke tempat aman, lalu pindahkan berkas itu (tilik membuat jurnal baru dari penyimpanan saat dijalankan lagi) atau minta bantuan kantor Anda.", path.display())
        },
        Error::StoreTooNew { found, supported } => if en {
            format!("This store was written by a newer tilik (schema {found}, this program knows {supported}); update tilik.")
        } else {
            format!("Penyimpanan ini ditulis oleh tilik yang lebih baru (skema {found}, program ini {supported}); perbarui tilik.")
        },
        Error::Storage(d) => if en {
            format!("The store reported an error ({d}); nothing was changed, try again.")
        } else {
            format!("Penyimpanan melaporkan galat ({d}); tidak ada yang berubah, coba lagi.")
        },
        Error::NotInitialized => lang.t(
            "Belum ada identitas di perangkat ini; jalankan `tilik init --name \"Nama Anda\"` dulu.",
            "This device has no identity yet; run `tilik init --name \"Your Name\"` first.",
        ).to_string(),
        Error::AlreadyInitialized => lang.t(
            "Perangkat ini sudah punya identitas (lihat `tilik whoami`); tidak ada yang diubah.",
            "This device already has an identity (see `tilik whoami`); nothing was changed.",
        ).to_string(),
        Error::BadNip { typed, digits } => if en {
            format!("`{}` is not an NIP: an NIP has 18 digits (date of birth, appointment month, gender, number), this has {digits}; type it as on your employee card, or leave it empty.", inert(typed, false))
        } else {
            format!("`{}` bukan NIP: NIP terdiri dari 18 angka (tanggal lahir, TMT, jenis kelamin, nomor urut), ini {digits} angka; ketik seperti di kartu pegawai Anda, atau kosongkan.", inert(typed, false))
        },
        Error::EmptyName => lang.t("Nama tidak boleh kosong; isi nama Anda.", "The name must not be empty; enter your name.").to_string(),
        Error::UnknownAssessment(id) => if en {
            format!("No assessment with id `{id}`; see `tilik list` for the ids.")
        } else {
            format!("Tidak ada penilaian dengan id `{id}`; lihat id-nya dengan `tilik list`.")
        },
        Error::AmbiguousAssessment(id, c) => if en {
            format!("`{id}` matches several assessments ({}); type more characters of the id.", c.join(", "))
        } else {
            format!("`{id}` cocok dengan beberapa penilaian ({}); ketik lebih banyak karakter id.", c.join(", "))
        },
        Error::UnknownIndicator { indicator, instrument } => if en {
            format!("Instrument {instrument} has no indicator `{indicator}`; see `tilik instruments show {instrument}`.")
        } else {
            format!("Instrumen {instrument} tidak punya indikator `{indicator}`; lihat `tilik instruments show {instrument}`.")
        },
        Error::ValueOutOfScale { indicator, value, allowed } => if en {
            format!("`{value}` is not an allowed answer for {indicator}; use one of: {allowed}.")
        } else {
            format!("`{value}` bukan jawaban yang sah untuk {indicator}; gunakan salah satu: {allowed}.")
        },
        Error::UnknownInstrument(id) => if en {
            format!("No instrument `{id}`; see `tilik instruments` for the list.")
        } else {
            format!("Tidak ada instrumen `{id}`; lihat daftarnya dengan `tilik instruments`.")
        },
        Error::InstrumentFamily { id, family } => if en {
            format!("Instrument {id} does not belong to the {family} family of this assessment.")
        } else {
            format!("Instrumen {id} bukan keluarga {family} milik penilaian ini.")
        },
        Error::InstrumentFile { path, problems } => {
            let list: Vec<String> = problems.iter().map(|p| format!("{path}:{}:{}: {}", p.line, p.col, p.text(en))).collect();
            list.join("\n")
        }
        Error::UnknownRegion(q, close) if !close.is_empty() => if en {
            format!("No pemda matches `{}`; did you mean: {}? Give the code or the name as written there.", inert(q, false), close.join("; "))
        } else {
            format!("Tidak ada pemda yang cocok dengan `{}`; mungkin maksud Anda: {}? Berikan kodenya atau namanya seperti tertulis.", inert(q, false), close.join("; "))
        },
        Error::UnknownRegion(q, _) => if en {
            format!("No pemda matches `{}`; search with `tilik regions --search TEXT`.", inert(q, false))
        } else {
            format!("Tidak ada pemda yang cocok dengan `{}`; cari dengan `tilik regions --search TEKS`.", inert(q, false))
        },
        Error::AmbiguousRegion(q, c) => if en {
            format!("`{q}` matches several pemda ({}); give the code or a longer name.", c.join("; "))
        } else {
            format!("`{q}` cocok dengan beberapa pemda ({}); berikan kode atau nama yang lebih lengkap.", c.join("; "))
        },
        Error::UnknownLokusType(t) => if en {
            format!("Unknown lokus type `{t}`; use dpmptsp, disdukcapil, dinkes, dinsos, disdik, puskesmas, polres, kantah or lainnya.")
        } else {
            format!("Jenis lokus `{t}` tidak dikenal; gunakan dpmptsp, disdukcapil, dinkes, dinsos, disdik, puskesmas, polres, kantah atau lainnya.")
        },
        Error::LokusNameRequired(t) => if en {
            format!("A {t} lokus needs a name (e.g. --name \"Puskesmas Alianyang\").")
        } else {
            format!("Lokus {t} perlu nama (mis. --name \"Puskesmas Alianyang\").")
        },
        Error::Evidence { path, source } => if en {
            format!("Cannot read the evidence file {} ({}); check the path.", path.display(), io_reason(source, en))
        } else {
            format!("Berkas bukti {} tidak dapat dibaca ({}); periksa path-nya.", path.display(), io_reason(source, en))
        },
        Error::NotFinalizable(n) => if en {
            format!("Cannot finalize yet: {n} indicator(s) unanswered; answer them or mark them N/A.")
        } else {
            format!("Belum dapat difinalkan: {n} indikator belum dijawab; jawab atau tandai t/a.")
        },
        Error::NothingToUndo => lang.t("Tidak ada perubahan Anda yang dapat dibatalkan di penilaian ini.", "There is no change of yours to undo in this assessment.").to_string(),
        Error::UnknownEvidence { indicator, .. } => if en {
            format!("That file is no longer attached to {}; the list shows what is attached now.", inert(indicator, false))
        } else {
            format!("Berkas itu sudah tidak terlampir pada {}; daftar menampilkan lampiran yang ada sekarang.", inert(indicator, false))
        },
        Error::EvidenceNotHere(name) => if en {
            format!("The file {} is attached but its content is not in this store yet (it was exported without evidence, or lost); ask the assessor for a bundle with evidence.", inert(name, false))
        } else {
            format!("Berkas {} terlampir tetapi isinya belum ada di penyimpanan ini (diekspor tanpa bukti, atau hilang); minta penilai mengirim bundel beserta buktinya.", inert(name, false))
        },
        Error::NotSupervisor => lang.t("Hanya identitas supervisor yang boleh melakukan ini.", "Only a supervisor identity may do this.").to_string(),
        Error::BadRecipient(r) => if en {
            format!("`{r}` is neither an age recipient (age1…) nor a roster entry with one; ask the recipient for the line `tilik whoami` shows as age recipient.")
        } else {
            format!("`{r}` bukan penerima age (age1…) dan bukan entri daftar kepercayaan yang punya penerima age; minta penerima mengirim baris penerima age dari `tilik whoami`.")
        },
        Error::UnknownBundle(id) => if en {
            format!("This device has not exported a bundle `{id}`; see the bundle ids with `tilik export --list` or omit --since for a full bundle.")
        } else {
            format!("Perangkat ini belum pernah mengekspor bundel `{id}`; lihat id bundel dengan `tilik export --list` atau hilangkan --since untuk bundel lengkap.")
        },
        Error::DestinationMissing(p) => if en {
            format!("The destination folder {} does not exist; nothing was written. Check that the USB stick is plugged in and the folder is spelt right.", p.display())
        } else {
            format!("Folder tujuan {} tidak ada; tidak ada yang ditulis. Periksa apakah flashdisk sudah terpasang dan ejaan foldernya benar.", p.display())
        },
        Error::NothingNewSince(code) => if en {
            format!("Nothing new since bundle {code}: that bundle already holds every change of this device, so no file was written.")
        } else {
            format!("Tidak ada yang baru sejak bundel {code}: bundel itu sudah memuat semua perubahan perangkat ini, jadi tidak ada berkas yang ditulis.")
        },
        Error::DestinationNotFolder(p) => if en {
            format!("{} is a file, not a folder; nothing was written. Give a folder (or a file name with -o).", p.display())
        } else {
            format!("{} adalah berkas, bukan folder; tidak ada yang ditulis. Berikan sebuah folder (atau nama berkas dengan -o).", p.display())
        },
        Error::CreateFolder { path, source } => if en {
            format!("Cannot make the folder {} ({}); nothing was written. Choose another folder.", path.display(), io_reason(source, en))
        } else {
            format!("Folder {} tidak dapat dibuat ({}); tidak ada yang ditulis. Pilih folder lain.", path.display(), io_reason(source, en))
        },
        Error::ExportVerify(p) => if en {
            format!("The bundle written to {} did not read back as written (the disk or USB stick may be failing); it was removed and the export does not count. Export again, to another stick if it happens again.", p.display())
        } else {
            format!("Bundel yang ditulis ke {} tidak terbaca kembali sama seperti yang ditulis (disk atau flashdisk mungkin rusak); berkas itu dihapus dan ekspor tidak dihitung. Ekspor lagi, ke flashdisk lain bila terulang.", p.display())
        },
        Error::InvalidKey(k) => if en {
            format!("`{k}` is not a public key: give the 64 hex characters `tilik whoami` shows as public key.")
        } else {
            format!("`{k}` bukan kunci publik: berikan 64 karakter heksadesimal yang ditampilkan `tilik whoami` sebagai kunci publik.")
        },
        Error::UnknownTrust(k) => if en {
            format!("`{k}` is not in the trust roster; see `tilik trust list`.")
        } else {
            format!("`{k}` tidak ada di daftar kepercayaan; lihat `tilik trust list`.")
        },
        Error::AmbiguousTrust(k, c) => if en {
            format!("`{k}` matches several roster entries ({}); give the public key.", c.join(", "))
        } else {
            format!("`{k}` cocok dengan beberapa entri daftar kepercayaan ({}); berikan kunci publiknya.", c.join(", "))
        },
        Error::NoConflict { assessment, indicator } => if en {
            format!("{indicator} of {assessment} has no conflict to pick from; use --value to set a value, or see `tilik conflicts`.")
        } else {
            format!("{indicator} pada {assessment} tidak berkonflik sehingga tidak ada kandidat untuk dipilih; gunakan --value, atau lihat `tilik conflicts`.")
        },
        Error::BadPick { n, max } => if en {
            format!("There is no candidate {n}; choose 1 to {max} as numbered by `tilik conflicts`.")
        } else {
            format!("Tidak ada kandidat {n}; pilih 1 sampai {max} sesuai nomor di `tilik conflicts`.")
        },
        Error::NoSurveys(i) => if en {
            format!("Instrument {i} has no surveys; respondents can only be recorded for instruments with a survey file (see `tilik instruments show {i}`).")
        } else {
            format!("Instrumen {i} tidak punya survei; responden hanya dapat dicatat untuk instrumen yang punya berkas survei (lihat `tilik instruments show {i}`).")
        },
        Error::UnknownSurvey { survey, instrument, known } => if en {
            format!("Instrument {instrument} has no survey `{survey}`; use one of: {}.", known.join(", "))
        } else {
            format!("Instrumen {instrument} tidak punya survei `{survey}`; gunakan salah satu: {}.", known.join(", "))
        },
        Error::UnknownQuestion { question, survey, known } => if en {
            format!("Survey {survey} has no question `{question}`; use one of: {}.", known.join(", "))
        } else {
            format!("Survei {survey} tidak punya pertanyaan `{question}`; gunakan salah satu: {}.", known.join(", "))
        },
        Error::AnswerNotAllowed { question, value, allowed } => if en {
            format!("`{value}` is not an allowed answer to {question}; use one of: {}.", allowed.replace("ya, tidak, tt", "yes, no, dk (or ya, tidak, tt)"))
        } else {
            format!("`{value}` bukan jawaban yang sah untuk {question}; gunakan salah satu: {allowed}.")
        },
        Error::BadAnswerPair(x) => if en {
            format!("`{x}` is not an answer; write QUESTION=ANSWER, e.g. penundaan=no.")
        } else {
            format!("`{x}` bukan jawaban; tulis PERTANYAAN=JAWABAN, misalnya penundaan=tidak.")
        },
        Error::DuplicateRespondent { code, survey } => if en {
            format!("Respondent {code} is already in survey {survey}; choose another code, or change answers with `tilik respondent set`.")
        } else {
            format!("Responden {code} sudah ada dalam survei {survey}; pilih kode lain, atau ubah jawaban dengan `tilik respondent set`.")
        },
        Error::BadRespondentCode(c) => if en {
            format!("`{c}` is not a respondent code; use up to 32 letters, digits, `-`, `_` or `.`, e.g. R01.")
        } else {
            format!("`{c}` bukan kode responden; gunakan paling banyak 32 huruf, angka, `-`, `_` atau `.`, misalnya R01.")
        },
        Error::UnknownRespondent(c) => if en {
            format!("No respondent {c} in this assessment; see `tilik respondents`.")
        } else {
            format!("Tidak ada responden {c} dalam penilaian ini; lihat `tilik respondents`.")
        },
        Error::AmbiguousRespondent(c, surveys) => if en {
            format!("Respondent {c} is in several surveys ({}); add --survey.", surveys.join(", "))
        } else {
            format!("Responden {c} ada di beberapa survei ({}); tambahkan --survey.", surveys.join(", "))
        },
        Error::UnknownRole { role, survey, known } => {
            let k = known.join(", ");
            match (role.is_empty(), known.is_empty(), en) {
                (_, true, true) => format!("Survey {survey} has no roles; leave out --role."),
                (_, true, false) => format!("Survei {survey} tidak memakai peran; hapus --role."),
                (true, false, true) => format!("Survey {survey} needs --role, one of: {k}."),
                (true, false, false) => format!("Survei {survey} memerlukan --role, salah satu dari: {k}."),
                (false, false, true) => format!("Survey {survey} has no role `{role}`; use one of: {k}."),
                (false, false, false) => format!("Survei {survey} tidak punya peran `{role}`; gunakan salah satu: {k}."),
            }
        }
        Error::ProofRequired(s) => if en {
            format!("Survey {s} requires proof that the respondent received the service; add --evidence FILE (a document or photo).")
        } else {
            format!("Survei {s} mewajibkan bukti bahwa responden menerima layanan; tambahkan --evidence BERKAS (dokumen atau foto).")
        },
        Error::BadPhone(p) => if en {
            format!("`{p}` is not a phone number; write 8 to 15 digits, e.g. 0812-3456-7890 or +62 812 3456 7890.")
        } else {
            format!("`{p}` bukan nomor telepon; tulis 8 sampai 15 angka, misalnya 0812-3456-7890 atau +62 812 3456 7890.")
        },
        Error::BadDate(d) => if en {
            format!("`{d}` is not a date; write YYYY-MM-DD, e.g. 2024-08-12.")
        } else {
            format!("`{d}` bukan tanggal; tulis TTTT-BB-HH, misalnya 2024-08-12.")
        },
        Error::BadTime(t) => if en {
            format!("`{t}` is not a time of day (or the end is before the start); write HH:MM, e.g. 09:30.")
        } else {
            format!("`{t}` bukan jam (atau selesai sebelum mulai); tulis JJ:MM, misalnya 09:30.")
        },
        Error::BadChannel(c) => if en {
            format!("`{c}` is not a channel; use phone, in-person or closed (telepon, tatap-muka, tertutup).")
        } else {
            format!("`{c}` bukan jalur; gunakan telepon, tatap-muka atau tertutup.")
        },
        Error::NotDerived(i) => if en {
            format!("{i} is not derived from a survey; answer it with `tilik answer` instead.")
        } else {
            format!("{i} tidak diturunkan dari survei; jawab dengan `tilik answer`.")
        },
        Error::ApprovalGuard(open) => if en {
            format!("Not approved: {}. Approve anyway with --force --reason \"…\" (the reason travels with the approval).", crate::present::review::open_items(open, lang))
        } else {
            format!("Belum disetujui: {}. Setujui juga dengan --force --reason \"…\" (alasan ikut dikirim bersama persetujuan).", crate::present::review::open_items(open, lang))
        },
        Error::CommentRequired => lang.t(
            "Komentar wajib diisi (--comment \"…\"); penilai membacanya di perangkatnya.",
            "A comment is required (--comment \"…\"); the assessor reads it on their device.",
        ).to_string(),
        Error::NotAssessor => lang.t(
            "Hanya penilai yang membalas; supervisor menulis komentar dengan `tilik review --comment`.",
            "Only an assessor replies; a supervisor comments with `tilik review --comment`.",
        ).to_string(),
        Error::ReasonRequired => lang.t(
            "Alasan wajib diisi (--reason \"…\"); alasan ikut dikirim bersama keputusan.",
            "A reason is required (--reason \"…\"); it travels with the decision.",
        ).to_string(),
        Error::Io { context, source } => if en {
            format!("{context} failed ({}).", io_reason(source, en))
        } else {
            format!("{} gagal ({}).", context_words(context, en), io_reason(source, en))
        },
        Error::ImportInterrupted { .. } => crate::present::import::interrupted(e, lang),
        Error::EvidenceLost(lost) => crate::present::recovery::evidence_lost(
            lost,
            if en { crate::i18n::Lang::En } else { crate::i18n::Lang::Id },
        ),
        Error::Core(e) => core_message(e, en),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_steps_are_said_in_the_message_s_language_and_paths_kept() {
        assert_eq!(context_words("encrypt", false), "enkripsi");
        assert_eq!(
            context_words("write evidence /a/b", false),
            "menulis bukti /a/b"
        );
        assert_eq!(context_words("read /x/y.toml", false), "membaca /x/y.toml");
        assert_eq!(
            context_words("move /d/store aside", false),
            "memindahkan /d/store ke samping"
        );
        // A path alone, or a step word inside a longer word, is left as it is.
        assert_eq!(context_words("/data/readme", false), "/data/readme");
        assert_eq!(context_words("reader", false), "reader");
        assert_eq!(context_words("encrypt", true), "encrypt");
        // A library's parse error keeps its English out of the sentence.
        let e = std::io::Error::new(std::io::ErrorKind::InvalidData, "expected `=` at line 3");
        assert_eq!(io_reason(&e, false), "isinya tidak sah");
        assert_eq!(io_reason(&e, true), "its content is not valid");
    }
}

//! The command line as clap parses it: every subcommand, flag, default and `--help`
//! text. Only definitions live here; `commands` runs them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::i18n::Lang;
use crate::identity::Role;

#[derive(Debug, Parser)]
#[command(
    name = "tilik",
    version,
    about = "Penilaian kepatuhan pelayanan publik, luring lebih dulu (offline-first assessments for Ombudsman RI)",
    long_about = "Tanpa subperintah, tilik membuka antarmuka terminal. Without a subcommand, tilik opens the terminal UI."
)]
pub struct Cli {
    /// Folder data (penyimpanan); default dari sistem, atau TILIK_DATA_DIR.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Folder konfigurasi; default dari sistem, atau TILIK_CONFIG_DIR.
    #[arg(long, global = true, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// Bahasa pesan: id (default) atau en.
    #[arg(long, global = true, value_enum, default_value_t = Lang::Id)]
    pub lang: Lang,
    /// Buka tampilan supervisor di antarmuka terminal.
    #[arg(long)]
    pub supervisor: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tampilkan folder data dan konfigurasi.
    Paths,
    /// Buat identitas perangkat (kunci Ed25519) untuk penilai atau supervisor.
    Init {
        #[arg(long)]
        name: String,
        #[arg(long)]
        nip: Option<String>,
        /// Kantor Perwakilan, mis. "Perwakilan Kalbar".
        #[arg(long)]
        office: Option<String>,
        #[arg(long, value_enum, default_value_t = Role::Assessor)]
        role: Role,
    },
    /// Tampilkan identitas perangkat ini.
    Whoami {
        #[arg(long)]
        json: bool,
    },
    /// Daftar instrumen, atau tampilkan/periksa satu instrumen.
    Instruments {
        #[command(subcommand)]
        cmd: Option<InstrumentsCmd>,
        #[arg(long)]
        json: bool,
    },
    /// Kategori dan zona untuk sebuah nilai.
    Classify {
        #[arg(long)]
        instrument: String,
        /// Nilai 0–100, dengan koma atau titik desimal (88,23 atau 88.23).
        #[arg(value_parser = parse_score, allow_hyphen_values = true)]
        score: f64,
        #[arg(long)]
        json: bool,
    },
    /// Daftar provinsi, kabupaten dan kota (kode Kemendagri).
    Regions {
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Buat penilaian baru (atau tampilkan id penilaian yang sudah ada untuk kunci yang sama).
    New {
        #[arg(long)]
        round: u16,
        /// Default: instrumen untuk tahun itu.
        #[arg(long)]
        instrument: Option<String>,
        /// Kode atau nama pemda, mis. 61.71 atau "Kota Pontianak".
        #[arg(long)]
        pemda: String,
        /// Jenis lokus: dpmptsp, disdukcapil, dinkes, dinsos, disdik, puskesmas, polres, kantah, lainnya.
        #[arg(long)]
        lokus: String,
        /// Nama lokus (wajib untuk Puskesmas dan lainnya).
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Daftar penilaian di perangkat ini.
    List {
        #[arg(long)]
        json: bool,
        /// Hanya penilaian dengan status tinjauan ini (received juga mencakup yang belum ditinjau).
        #[arg(long, value_enum, value_name = "STATE")]
        review: Option<ReviewFilter>,
    },
    /// Jawab satu indikator (nilai skala, atau n untuk tidak berlaku).
    Answer {
        id: String,
        indicator: String,
        value: String,
        #[arg(long)]
        note: Option<String>,
        /// Berkas bukti (foto, dokumen); boleh berulang.
        #[arg(long)]
        evidence: Vec<PathBuf>,
    },
    /// Responden survei dan wawancara: tambah, ubah jawaban, hapus, bukti, timpa tingkat.
    Respondent {
        #[command(subcommand)]
        cmd: RespondentCmd,
    },
    /// Daftar responden sebuah penilaian, tingkat turunan dan kunjungan.
    Respondents {
        id: String,
        #[arg(long)]
        json: bool,
        /// Tampilkan nama dan nomor telepon utuh (data pribadi; bawaan: disamarkan).
        #[arg(long)]
        show_contact: bool,
    },
    /// Catat kunjungan ke lokus: tanggal, jam, tim.
    Visit {
        id: String,
        /// TTTT-BB-HH.
        #[arg(long)]
        date: String,
        /// JJ:MM.
        #[arg(long)]
        start: Option<String>,
        #[arg(long)]
        end: Option<String>,
        /// Nama anggota tim, dipisah koma.
        #[arg(long, value_delimiter = ',')]
        team: Vec<String>,
    },
    /// Tulis catatan untuk satu indikator.
    Note {
        id: String,
        indicator: String,
        text: String,
    },
    /// Tandai (atau lepas tanda) satu indikator untuk diperiksa lagi.
    Flag {
        id: String,
        indicator: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Batalkan perubahan terakhir Anda di sebuah penilaian.
    Undo { id: String },
    /// Tampilkan nilai, kategori dan kemajuan sebuah penilaian.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Finalkan penilaian (semua indikator terjawab atau t/a).
    Finalize { id: String },
    /// Tinjau penilaian (supervisor): status, komentar, atau --approve-clean.
    ///
    /// Status: received, needs-revision, approved, rejected; komentar per penilaian atau
    /// per indikator (--indicator); --approve-clean menyetujui semua penilaian final yang
    /// bersih. Lihat docs/review.md.
    Review {
        /// Id penilaian (atau awalannya; tidak dipakai dengan --approve-clean).
        #[arg(required_unless_present = "approve_clean")]
        id: Option<String>,
        #[arg(long, value_enum)]
        state: Option<ReviewArg>,
        /// Komentar (boleh beberapa baris); dengan --indicator untuk indikator itu.
        #[arg(long)]
        comment: Option<String>,
        #[arg(long)]
        indicator: Option<String>,
        /// Setujui walau masih draf, ada konflik atau op ditahan (wajib --reason).
        #[arg(long, requires = "reason")]
        force: bool,
        #[arg(long, requires = "force")]
        reason: Option<String>,
        /// Setujui setiap penilaian final tanpa konflik, op ditahan atau komentar terbuka.
        #[arg(long, conflicts_with_all = ["id", "state", "comment", "indicator", "force"])]
        approve_clean: bool,
        /// Dengan --approve-clean: hanya pemda ini (nama atau kode).
        #[arg(long, requires = "approve_clean")]
        pemda: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Balas komentar supervisor (penilai): per indikator, atau untuk penilaian.
    Reply {
        id: String,
        #[arg(long)]
        indicator: Option<String>,
        text: String,
    },
    /// Riwayat operasi sebuah penilaian: siapa, kapan, lama → baru (--all: seluruh penyimpanan).
    ///
    /// Dengan --all: jejak audit semua operasi: siapa, apa, kapan, lama → baru, alasan,
    /// sidik jari perangkat dan hash op.
    Log {
        #[arg(required_unless_present = "all")]
        id: Option<String>,
        #[arg(long)]
        json: bool,
        /// Semua operasi di penyimpanan (jejak audit).
        #[arg(long, conflicts_with = "id")]
        all: bool,
        /// Dengan --all: hanya sejak tanggal ini (TTTT-BB-HH).
        #[arg(long, requires = "all", value_name = "DATE")]
        since: Option<String>,
        /// Dengan --all: tabel (default), csv atau json.
        #[arg(long, requires = "all", value_enum)]
        format: Option<LogFormat>,
    },
    /// For the durability tests: answer in a loop, printing `ack N` after each durable save.
    #[command(hide = true)]
    DebugWriteLoop {
        id: String,
        #[arg(long, default_value_t = 0)]
        start: u64,
        #[arg(long, default_value_t = 1000)]
        count: u64,
    },
    /// Laporan untuk supervisor: nilai, kategori, peringkat, indikator terlemah, target, perbandingan.
    Report {
        /// Tahun penilaian (default: semua).
        #[arg(long)]
        round: Option<u16>,
        /// Hanya pemda di provinsi ini (nama atau kode).
        #[arg(long)]
        province: Option<String>,
        /// Hanya pemda ini (nama atau kode).
        #[arg(long)]
        pemda: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Berkas keluaran (wajib untuk xlsx dan svg).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Nilai target, mis. 90: selisih dan indikator yang paling cepat menutupnya.
        #[arg(long)]
        target: Option<f64>,
        /// Bandingkan dengan tahun ini (dari penyimpanan atau hasil terbit yang diimpor).
        #[arg(long)]
        compare: Option<u16>,
        /// Tolak membuat laporan bila ada konflik, penilaian belum final atau belum disetujui.
        #[arg(long)]
        strict: bool,
        /// Hanya penilaian yang disetujui supervisor (yang lain tidak dihitung).
        #[arg(long)]
        approved_only: bool,
        /// Jumlah indikator terlemah per pemda dan per lokus.
        #[arg(long, default_value_t = 5)]
        weakest: usize,
    },
    /// Rapor satu kantor (penilaian) atau semua lokus sebuah pemda, dalam Markdown.
    Rapor {
        /// Id penilaian, atau nama/kode pemda.
        target: String,
        #[arg(long)]
        round: Option<u16>,
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Jumlah indikator terlemah per lokus.
        #[arg(long, default_value_t = 5)]
        weakest: usize,
    },
    /// Hasil penilaian yang diterbitkan (untuk perbandingan antartahun).
    Results {
        #[command(subcommand)]
        cmd: ResultsCmd,
    },
    /// Data contoh untuk mencoba tilik.
    Demo {
        #[command(subcommand)]
        cmd: DemoCmd,
    },
    /// Perawatan penyimpanan.
    Store {
        #[command(subcommand)]
        cmd: StoreCmd,
    },
    #[command(flatten)]
    Bundles(BundleCommand),
}

#[derive(Debug, Subcommand)]
pub enum RespondentCmd {
    /// Tambah responden dengan jawabannya: PERTANYAAN=JAWABAN (ya|tidak|tt, atau 0–3).
    Add {
        id: String,
        #[arg(long)]
        survey: String,
        #[arg(long)]
        code: String,
        /// telepon | tatap-muka | tertutup.
        #[arg(long)]
        channel: Option<String>,
        /// Layanan yang diterima responden.
        #[arg(long)]
        service: Option<String>,
        /// Tanggal wawancara, TTTT-BB-HH.
        #[arg(long)]
        date: Option<String>,
        /// Peran (survei pejabat), lihat `tilik instruments show`.
        #[arg(long)]
        role: Option<String>,
        /// Nama (opsional; data pribadi).
        #[arg(long)]
        name: Option<String>,
        /// Nomor telepon (opsional; data pribadi).
        #[arg(long)]
        phone: Option<String>,
        /// Bukti penerimaan layanan (dokumen/foto); boleh berulang.
        #[arg(long)]
        evidence: Vec<PathBuf>,
        answers: Vec<String>,
    },
    /// Ubah jawaban responden: PERTANYAAN=JAWABAN (kosong untuk menghapus jawaban).
    Set {
        id: String,
        code: String,
        #[arg(long)]
        survey: Option<String>,
        #[arg(required = true)]
        answers: Vec<String>,
    },
    /// Hapus responden (dicatat sebagai op baru; tidak ada yang dihapus dari log).
    Remove {
        id: String,
        code: String,
        #[arg(long)]
        survey: Option<String>,
    },
    /// Lampirkan bukti penerimaan layanan.
    Proof {
        id: String,
        code: String,
        #[arg(long)]
        survey: Option<String>,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Timpa tingkat indikator turunan dengan alasan (`--clear` untuk mencabut).
    Override {
        id: String,
        indicator: String,
        level: Option<u8>,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        clear: bool,
    },
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum InstrumentsCmd {
    /// Tampilkan isi satu instrumen, termasuk bagian yang direkonstruksi.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Periksa sebuah berkas instrumen (keluar 1 dengan `berkas:baris:kolom: pesan`).
    Check { file: PathBuf },
    /// Percayai satu definisi instrumen tepat dengan HASH ini (tampilkan bedanya dengan
    /// yang dikenal, lalu lepaskan operasi yang ditahan `instrument_mismatch`).
    Trust {
        hash: String,
        #[arg(long)]
        json: bool,
    },
}

/// Output of `tilik log --all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Table,
    Csv,
    Json,
}

/// A decision for `tilik review --state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewArg {
    Received,
    NeedsRevision,
    Approved,
    Rejected,
}

/// A derived review state for `tilik list --review`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewFilter {
    Received,
    NeedsRevision,
    Resubmitted,
    Approved,
    Rejected,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Md,
    Csv,
    Xlsx,
    Json,
    Svg,
}

#[derive(Debug, Subcommand)]
pub enum ResultsCmd {
    /// Impor CSV berkolom round, pemda (kode atau nama), score.
    Import { file: PathBuf },
    /// Tampilkan hasil terbit yang sudah diimpor.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DemoCmd {
    /// Isi penyimpanan dengan beberapa penilaian contoh di Kalimantan Barat dan Timur.
    Seed,
    /// Data lapangan sintetis deterministik: bundel bertanda tangan dari perangkat penilai
    /// simulasi plus roster.toml (default: satu tahun nasional, 587 pemda × 9 lokus).
    Generate(GenerateArgs),
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Folder tujuan (dibuat bila belum ada).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[arg(long, default_value_t = 587)]
    pub pemda: usize,
    #[arg(long, default_value_t = 9)]
    pub lokus: usize,
    #[arg(long, default_value_t = 150)]
    pub assessors: usize,
    /// Rata-rata jumlah simpan per jawaban (1,0 = tanpa suntingan).
    #[arg(long, default_value_t = 1.2)]
    pub edits_per_answer: f64,
    /// Bagian indikator yang juga dijawab berbeda oleh anggota tim lain (konflik).
    #[arg(long, default_value_t = 0.02)]
    pub conflict_rate: f64,
    /// Ukuran tiap berkas bukti (KiB); 0 = tanpa bukti.
    #[arg(long, default_value_t = 8)]
    pub evidence_kb: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Pengguna layanan yang disurvei per lokus (ditambah satu pejabat per peran); 0 = tanpa
    /// responden dan kunjungan.
    #[arg(long, default_value_t = 30)]
    pub respondents: usize,
    /// Tulis juga answers.csv (satu baris per jawaban) untuk pembanding.
    #[arg(long)]
    pub csv: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum StoreCmd {
    /// Bangun ulang proyeksi dari log operasi dan bandingkan dengan yang hidup.
    Rebuild {
        /// Hanya bandingkan; keluar 1 bila berbeda.
        #[arg(long)]
        check: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Ekspor bundel bertanda tangan (kumulatif), opsional dienkripsi untuk supervisor.
    Export(ExportArgs),
    /// Impor bundel: satu putusan per berkas (exit 3 bila ada yang dikarantina/ditolak).
    Import(ImportArgs),
    /// Periksa bundel tanpa mengimpor.
    Bundle {
        #[command(subcommand)]
        cmd: BundleCmd,
    },
    /// Daftar kepercayaan: kunci perangkat yang bundelnya diterima.
    Trust {
        #[command(subcommand)]
        cmd: TrustCmd,
    },
    /// Konflik terbuka (kandidat bernomor), operasi ditahan, fork, celah, bukti tertunda.
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Selesaikan konflik satu indikator (hanya supervisor).
    Resolve(ResolveArgs),
    /// Tulis bundel terbaru ke folder DIR lalu impor semua bundel di sana.
    Sync {
        dir: PathBuf,
        /// Enkripsi bundel yang ditulis untuk penerima ini (boleh berulang).
        #[arg(long = "to", value_name = "RECIPIENT")]
        to: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Tulis ke berkas ini.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        conflicts_with = "dir"
    )]
    pub output: Option<PathBuf>,
    /// Tulis ke folder ini dengan nama otomatis (default: folder saat ini). Folder yang
    /// tidak ada ditolak (salah ketik path flashdisk), kecuali dengan --create-dir.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Buat folder tujuan bila belum ada (sebagai folder baru di disk ini).
    #[arg(long)]
    pub create_dir: bool,
    /// Enkripsi untuk penerima age (age1…) atau entri daftar kepercayaan; boleh berulang.
    #[arg(long = "to", value_name = "RECIPIENT")]
    pub to: Vec<String>,
    /// Hanya yang belum ada di bundel ini (id atau kode bundel).
    #[arg(long, value_name = "BUNDLE_ID")]
    pub since: Option<String>,
    /// Jangan sertakan berkas bukti (dicatat sebagai tertunda di penerima).
    #[arg(long)]
    pub no_evidence: bool,
    /// Daftar bundel yang pernah diekspor perangkat ini.
    #[arg(long)]
    pub list: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub files: Vec<PathBuf>,
    /// Tampilkan log semua percobaan impor.
    #[arg(long, conflicts_with = "retry")]
    pub log: bool,
    /// Proses ulang bundel yang dikarantina (setelah `trust add`).
    #[arg(long)]
    pub retry: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum BundleCmd {
    /// Tampilkan isi bundel: versi, pengekspor, penerima, segmen, instrumen, bukti, ringkasan.
    Inspect {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrustCmd {
    /// Percayai kunci publik sebuah perangkat (cocokkan sidik jari lewat telepon dulu).
    Add {
        #[arg(long, value_name = "PUBLIC_KEY")]
        key: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: Role,
        /// Penerima age orang itu (agar `export --to NAMA` dapat dipakai).
        #[arg(long, value_name = "AGE_RECIPIENT")]
        age: Option<String>,
    },
    /// Muat daftar penilai dari berkas roster.toml (`[[member]]`: name, role, public_key,
    /// nip, office), mis. dari kantor atau dari `tilik demo generate`.
    Import { file: PathBuf },
    /// Daftar kunci yang dipercaya.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Hapus kunci dari daftar (kunci, sidik jari atau nama).
    Remove { key: String },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("choice").required(true).args(["pick", "value"])))]
pub struct ResolveArgs {
    pub assessment: String,
    pub indicator: String,
    /// Pilih kandidat nomor N (seperti di `tilik conflicts`).
    #[arg(long)]
    pub pick: Option<usize>,
    /// Tetapkan nilai ini.
    #[arg(long)]
    pub value: Option<String>,
    /// Alasan keputusan (wajib; ikut terkirim).
    #[arg(long)]
    pub reason: String,
}

/// A score as people write it in Indonesia (`88,23`) or in English (`88.23`).
///
/// # Errors
/// Not a number (said in both languages: the language option may not be parsed yet).
pub fn parse_score(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let norm = if t.contains(',') && !t.contains('.') {
        t.replacen(',', ".", 1)
    } else {
        t.to_string()
    };
    norm.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| {
            "bukan angka; tulis misalnya 88,23 atau 88.23 (not a number; write e.g. 88.23 or 88,23)"
                .to_string()
        })
}

#[cfg(test)]
mod score_tests {
    use super::parse_score;

    #[test]
    fn a_score_takes_a_decimal_comma_or_point() {
        assert_eq!(parse_score("88,23"), Ok(88.23));
        assert_eq!(parse_score("88.23"), Ok(88.23));
        assert_eq!(parse_score(" 90 "), Ok(90.0));
        assert!(parse_score("88,2,3").is_err());
        assert!(parse_score("abc").is_err());
        assert!(parse_score("NaN").is_err());
    }
}

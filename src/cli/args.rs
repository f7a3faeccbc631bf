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
        /// Nama Anda, seperti tertulis di surat tugas.
        #[arg(long)]
        name: String,
        /// NIP Anda: 18 angka (boleh dengan spasi).
        #[arg(long)]
        nip: Option<String>,
        /// Kantor Perwakilan, mis. "Perwakilan Kalbar".
        #[arg(long)]
        office: Option<String>,
        /// Peran perangkat ini: assessor (penilai, bawaan) atau supervisor.
        #[arg(long, value_enum, default_value_t = Role::Assessor)]
        role: Role,
    },
    /// Tampilkan identitas perangkat ini.
    Whoami {
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
        #[arg(long)]
        json: bool,
    },
    /// Daftar instrumen, atau tampilkan/periksa satu instrumen.
    Instruments {
        #[command(subcommand)]
        cmd: Option<InstrumentsCmd>,
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
        #[arg(long)]
        json: bool,
    },
    /// Kategori dan zona untuk sebuah nilai.
    Classify {
        /// Id instrumen yang kategorinya dipakai, mis. opini-2024.
        #[arg(long)]
        instrument: String,
        /// Nilai 0–100, dengan koma atau titik desimal (88,23 atau 88.23).
        #[arg(value_parser = parse_score, allow_hyphen_values = true)]
        score: f64,
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
        #[arg(long)]
        json: bool,
    },
    /// Daftar provinsi, kabupaten dan kota (kode Kemendagri).
    Regions {
        /// Bagian nama atau kode pemda yang dicari, mis. pontianak atau 61.71.
        #[arg(long)]
        search: Option<String>,
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
        #[arg(long)]
        json: bool,
    },
    /// Buat penilaian baru (atau tampilkan id penilaian yang sudah ada untuk kunci yang sama).
    New {
        /// Tahun penilaian, mis. 2024.
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
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
        #[arg(long)]
        json: bool,
    },
    /// Daftar penilaian di perangkat ini.
    List {
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
        #[arg(long)]
        json: bool,
        /// Hanya penilaian dengan status tinjauan ini (received juga mencakup yang belum ditinjau).
        #[arg(long, value_enum, value_name = "STATE")]
        review: Option<ReviewFilter>,
    },
    /// Jawab satu indikator (nilai skala, atau n untuk tidak berlaku).
    Answer {
        /// Id penilaian, atau awalannya (lihat `tilik list`).
        id: String,
        /// Id indikator, mis. I.1 (lihat `tilik show`).
        indicator: String,
        /// Nilai skala (mis. 0–3), atau n untuk tidak berlaku.
        value: String,
        /// Catatan untuk indikator ini (menggantikan catatan Anda sebelumnya).
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
        /// Id penilaian, atau awalannya (lihat `tilik list`).
        id: String,
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
        #[arg(long)]
        json: bool,
        /// Tampilkan nama dan nomor telepon utuh (data pribadi; bawaan: disamarkan).
        #[arg(long)]
        show_contact: bool,
    },
    /// Catat kunjungan ke lokus: tanggal, jam, tim.
    Visit {
        /// Id penilaian, atau awalannya (lihat `tilik list`).
        id: String,
        /// TTTT-BB-HH.
        #[arg(long)]
        date: String,
        /// JJ:MM.
        #[arg(long)]
        start: Option<String>,
        /// Jam selesai, JJ:MM.
        #[arg(long)]
        end: Option<String>,
        /// Nama anggota tim, dipisah koma.
        #[arg(long, value_delimiter = ',')]
        team: Vec<String>,
    },
    /// Tulis catatan untuk satu indikator.
    Note {
        /// Id penilaian, atau awalannya (lihat `tilik list`).
        id: String,
        /// Id indikator, mis. I.1 (lihat `tilik show`).
        indicator: String,
        /// Isi catatan (kosong "" menghapusnya).
        text: String,
    },
    /// Tandai (atau lepas tanda) satu indikator untuk diperiksa lagi.
    Flag {
        /// Id penilaian, atau awalannya (lihat `tilik list`).
        id: String,
        /// Id indikator, mis. I.1 (lihat `tilik show`).
        indicator: String,
        /// Alasan tanda, mis. "perlu foto ulang".
        #[arg(long)]
        reason: Option<String>,
    },
    /// Batalkan perubahan terakhir Anda di sebuah penilaian.
    Undo {
        /// Id penilaian, atau awalannya (lihat `tilik list`).
        id: String,
    },
    /// Tampilkan nilai, kategori dan kemajuan sebuah penilaian.
    Show {
        /// Id instrumen, mis. opini-2024 (lihat `tilik instruments`).
        id: String,
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
        #[arg(long)]
        json: bool,
    },
    /// Finalkan penilaian (semua indikator terjawab atau t/a).
    Finalize {
        /// Id penilaian, atau awalannya (lihat `tilik list`).
        id: String,
    },
    /// Tinjau penilaian (supervisor): status, komentar, atau --approve-clean.
    ///
    /// Status: received, needs-revision, approved, rejected; komentar per penilaian atau
    /// per indikator (--indicator); --approve-clean menyetujui semua penilaian final yang
    /// bersih. Lihat docs/review.md.
    Review {
        /// Id penilaian (atau awalannya; tidak dipakai dengan --approve-clean).
        #[arg(required_unless_present = "approve_clean")]
        id: Option<String>,
        /// Status tinjauan baru: received, needs-revision, approved atau rejected.
        #[arg(long, value_enum)]
        state: Option<ReviewArg>,
        /// Komentar (boleh beberapa baris); dengan --indicator untuk indikator itu.
        #[arg(long)]
        comment: Option<String>,
        /// Indikator yang dikomentari (komentar per indikator).
        #[arg(long)]
        indicator: Option<String>,
        /// Setujui walau masih draf, ada konflik atau op ditahan (wajib --reason).
        #[arg(long, requires = "reason")]
        force: bool,
        /// Alasan persetujuan dengan --force (wajib bersama --force).
        #[arg(long, requires = "force")]
        reason: Option<String>,
        /// Setujui setiap penilaian final tanpa konflik, op ditahan atau komentar terbuka.
        #[arg(long, conflicts_with_all = ["id", "state", "comment", "indicator", "force"])]
        approve_clean: bool,
        /// Dengan --approve-clean: hanya pemda ini (nama atau kode).
        #[arg(long, requires = "approve_clean")]
        pemda: Option<String>,
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
        #[arg(long)]
        json: bool,
    },
    /// Balas komentar supervisor (penilai): per indikator, atau untuk penilaian.
    Reply {
        /// Id penilaian, atau awalannya (lihat `tilik list`).
        id: String,
        /// Indikator yang komentarnya dibalas (tanpa ini: balasan untuk penilaian).
        #[arg(long)]
        indicator: Option<String>,
        /// Isi balasan.
        text: String,
    },
    /// Riwayat operasi sebuah penilaian: siapa, kapan, lama → baru (--all: seluruh penyimpanan).
    ///
    /// Dengan --all: jejak audit semua operasi: siapa, apa, kapan, lama → baru, alasan,
    /// sidik jari perangkat dan hash op.
    Log {
        /// Id penilaian, atau awalannya (lihat `tilik list`).
        #[arg(required_unless_present = "all")]
        id: Option<String>,
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
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
        /// Id penilaian, atau awalannya (lihat `tilik list`).
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
        /// Bentuk laporan: table (layar), md, csv, xlsx, json atau svg.
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
        /// Tahun penilaian (bawaan: yang terbaru).
        #[arg(long)]
        round: Option<u16>,
        /// Tulis ke berkas ini (bawaan: layar).
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
        /// Id penilaian, atau awalannya (lihat `tilik list`).
        id: String,
        /// Id survei: pengguna, pejabat atau kepercayaan (lihat `tilik instruments show`).
        #[arg(long)]
        survey: String,
        /// Kode responden, mis. R01 (bawaan: kode berikut).
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
        /// Jawaban per pertanyaan, mis. q1=ya q2=tidak.
        answers: Vec<String>,
    },
    /// Ubah jawaban responden: PERTANYAAN=JAWABAN (kosong untuk menghapus jawaban).
    Set {
        /// Id penilaian, atau awalannya (lihat `tilik list`).
        id: String,
        /// Kode responden, mis. R01.
        code: String,
        /// Id survei responden itu (bila kodenya ada di beberapa survei).
        #[arg(long)]
        survey: Option<String>,
        /// Jawaban yang diubah, mis. q1=ya.
        #[arg(required = true)]
        answers: Vec<String>,
    },
    /// Hapus responden (dicatat sebagai op baru; tidak ada yang dihapus dari log).
    Remove {
        /// Id penilaian, atau awalannya (lihat `tilik list`).
        id: String,
        /// Kode responden yang dihapus (dicatat sebagai op; tidak ada yang dibuang).
        code: String,
        /// Id survei responden itu (bila kodenya ada di beberapa survei).
        #[arg(long)]
        survey: Option<String>,
    },
    /// Lampirkan bukti penerimaan layanan.
    Proof {
        /// Id penilaian, atau awalannya (lihat `tilik list`).
        id: String,
        /// Kode responden yang buktinya dilampirkan.
        code: String,
        /// Id survei responden itu (bila kodenya ada di beberapa survei).
        #[arg(long)]
        survey: Option<String>,
        /// Berkas bukti penerimaan layanan (foto, dokumen).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Timpa tingkat indikator turunan dengan alasan (`--clear` untuk mencabut).
    Override {
        /// Id penilaian, atau awalannya (lihat `tilik list`).
        id: String,
        /// Indikator turunan yang tingkatnya ditimpa, mis. O.1.
        indicator: String,
        /// Tingkat pengganti (nilai skala).
        level: Option<u8>,
        /// Alasan penimpaan (wajib; terlihat oleh supervisor dan di laporan).
        #[arg(long)]
        reason: String,
        /// Hapus penimpaan; tingkat kembali dihitung dari jawaban responden.
        #[arg(long)]
        clear: bool,
    },
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum InstrumentsCmd {
    /// Tampilkan isi satu instrumen, termasuk bagian yang direkonstruksi.
    Show {
        /// Id instrumen, mis. opini-2024 (lihat `tilik instruments`).
        id: String,
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
        #[arg(long)]
        json: bool,
    },
    /// Periksa sebuah berkas instrumen (keluar 1 dengan `berkas:baris:kolom: pesan`).
    Check {
        /// Berkas instrumen atau survei (.toml) yang diperiksa.
        file: PathBuf,
    },
    /// Percayai satu definisi instrumen tepat dengan HASH ini (tampilkan bedanya dengan
    /// yang dikenal, lalu lepaskan operasi yang ditahan `instrument_mismatch`).
    Trust {
        /// Hash isi instrumen yang dipercaya (dari `tilik bundle inspect`).
        hash: String,
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
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
    Import {
        /// Berkas CSV hasil resmi: kolom round, pemda, score.
        file: PathBuf,
    },
    /// Tampilkan hasil terbit yang sudah diimpor.
    List {
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
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
    /// Jumlah pemda yang dibuat.
    #[arg(long, default_value_t = 587)]
    pub pemda: usize,
    /// Jumlah lokus per pemda.
    #[arg(long, default_value_t = 9)]
    pub lokus: usize,
    /// Jumlah penilai (perangkat) yang dibuat.
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
    /// Benih acak (hasil yang sama untuk benih yang sama).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Pengguna layanan yang disurvei per lokus (ditambah satu pejabat per peran); 0 = tanpa
    /// responden dan kunjungan.
    #[arg(long, default_value_t = 30)]
    pub respondents: usize,
    /// Tulis juga answers.csv (satu baris per jawaban) untuk pembanding.
    #[arg(long)]
    pub csv: bool,
    /// Keluaran JSON (nama kolom tetap, untuk skrip).
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
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
        #[arg(long)]
        json: bool,
    },
    /// Selesaikan konflik satu indikator (hanya supervisor).
    Resolve(ResolveArgs),
    /// Tulis bundel terbaru ke folder DIR lalu impor semua bundel di sana.
    Sync {
        /// Folder bersama (mis. flashdisk) untuk bertukar bundel.
        dir: PathBuf,
        /// Enkripsi bundel yang ditulis untuk penerima ini (boleh berulang).
        #[arg(long = "to", value_name = "RECIPIENT")]
        to: Vec<String>,
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
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
    /// Keluaran JSON (nama kolom tetap, untuk skrip).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Berkas bundel (.tilik, .tilik.age) atau folder berisi bundel.
    pub files: Vec<PathBuf>,
    /// Tampilkan log semua percobaan impor.
    #[arg(long, conflicts_with = "retry")]
    pub log: bool,
    /// Proses ulang bundel yang dikarantina (setelah `trust add`).
    #[arg(long)]
    pub retry: bool,
    /// Keluaran JSON (nama kolom tetap, untuk skrip).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum BundleCmd {
    /// Tampilkan isi bundel: versi, pengekspor, penerima, segmen, instrumen, bukti, ringkasan.
    Inspect {
        /// Berkas bundel yang diperiksa (tidak ada yang diimpor).
        file: PathBuf,
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrustCmd {
    /// Percayai kunci publik sebuah perangkat (cocokkan sidik jari lewat telepon dulu).
    Add {
        /// Kunci publik perangkat (baris `tilik whoami`), atau berkas berisi kunci itu.
        #[arg(long, value_name = "PUBLIC_KEY")]
        key: String,
        /// Nama pemilik kunci, seperti di surat tugas.
        #[arg(long)]
        name: String,
        /// Peran pemilik kunci: assessor (bawaan) atau supervisor.
        #[arg(long, value_enum)]
        role: Role,
        /// Penerima age orang itu (agar `export --to NAMA` dapat dipakai).
        #[arg(long, value_name = "AGE_RECIPIENT")]
        age: Option<String>,
    },
    /// Muat daftar penilai dari berkas roster.toml (`[[member]]`: name, role, public_key,
    /// nip, office), mis. dari kantor atau dari `tilik demo generate`.
    Import {
        /// Berkas roster.toml yang dimuat.
        file: PathBuf,
    },
    /// Daftar kunci yang dipercaya.
    List {
        /// Keluaran JSON (nama kolom tetap, untuk skrip).
        #[arg(long)]
        json: bool,
    },
    /// Hapus kunci dari daftar (kunci, sidik jari atau nama).
    Remove {
        /// Kunci, sidik jari atau nama entri yang dihapus dari daftar kepercayaan.
        key: String,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("choice").required(true).args(["pick", "value"])))]
pub struct ResolveArgs {
    /// Id penilaian (atau awalannya) yang konfliknya diputuskan.
    pub assessment: String,
    /// Id indikator yang berkonflik, mis. I.1.
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

    /// Every argument of every command says what it is in `--help` (issue 16 pt 8).
    #[test]
    fn every_argument_has_help_text() {
        use clap::CommandFactory;
        fn walk(c: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for a in c.get_arguments() {
                let id = a.get_id().as_str();
                if a.is_hide_set() || id == "help" || id == "version" {
                    continue;
                }
                if a.get_help().is_none_or(|h| h.to_string().trim().is_empty()) {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in c.get_subcommands() {
                if sub.is_hide_set() {
                    continue;
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::Cli::command(), "tilik", &mut missing);
        assert!(missing.is_empty(), "arguments without help: {missing:#?}");
    }
}

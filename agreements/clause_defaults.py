"""The default clause templates (version 1 of each kind), as data.

Each kind maps to an ordered list of Pasal: {key, heading, body, required}. Bodies are
formal Indonesian boilerplate written for this application; ayat are lines starting "(1) ",
points within an ayat lines starting "a. ". Words in braces are filled from the agreement
when a clause is shown or printed (agreements.placeholders.render_clause_body):
{jangka_waktu} {tanggal_mulai} {tanggal_berakhir} {pihak_pertama} {pihak_kedua}
{frekuensi_evaluasi} {nilai_pembiayaan} {nk_reference} {perjanjian_induk} {jumlah_rangkap}
{tanggal_penandatanganan} {ayat_perpanjangan}. Text in square brackets is for the drafter to
replace (agreements.placeholders: nothing is signed while any remains). An addendum amends its
agreement by text: each changed Pasal is added from the parent's clauses
(agreements.addenda).

The document's name ("Nota Kesepahaman", "Perjanjian Kerja Sama") is put into the shared
Pasal with %-formatting, which leaves the {placeholders} alone.
"""

from .models import Kind

NK_DOC = "Nota Kesepahaman"
PKS_DOC = "Perjanjian Kerja Sama"
OTHER_DOC = "Perjanjian"


def _pasal(key: str, heading: str, body: str, required: bool = True, **names: str) -> dict:
    return {
        "key": key,
        "heading": heading,
        "body": body % names if names else body,
        "required": required,
    }


def _term(doc: str, extendable_after: str) -> dict:
    return _pasal(
        "jangka-waktu",
        "Jangka Waktu",
        "(1) %(doc)s ini berlaku untuk jangka waktu {jangka_waktu}, terhitung sejak tanggal "
        "{tanggal_mulai} sampai dengan tanggal {tanggal_berakhir}.\n"
        "(2) %(doc)s ini dapat diperpanjang berdasarkan kesepakatan PARA PIHAK dengan "
        "memperhatikan hasil %(after)s pelaksanaan kerja sama.\n"
        "(3) Pihak yang berkehendak memperpanjang %(doc)s ini menyampaikan pemberitahuan "
        "secara tertulis kepada pihak lainnya paling lambat 3 (tiga) bulan sebelum jangka "
        "waktunya berakhir.",
        doc=doc,
        after=extendable_after,
    )


def _force_majeure(doc: str) -> dict:
    return _pasal(
        "keadaan-kahar",
        "Keadaan Kahar",
        "(1) Keadaan kahar adalah keadaan yang terjadi di luar kehendak dan kemampuan PARA "
        "PIHAK sehingga kewajiban dalam %(doc)s ini tidak dapat dipenuhi, antara lain bencana "
        "alam, wabah penyakit, kebakaran, kerusuhan, perang, atau kebijakan Pemerintah yang "
        "berdampak langsung pada pelaksanaan kerja sama.\n"
        "(2) Pihak yang mengalami keadaan kahar memberitahukannya secara tertulis kepada pihak "
        "lainnya paling lambat 14 (empat belas) hari kalender sejak keadaan kahar terjadi, "
        "disertai keterangan dari instansi yang berwenang apabila ada.\n"
        "(3) Kewajiban yang tertunda karena keadaan kahar dilaksanakan kembali, diubah, atau "
        "dihentikan berdasarkan kesepakatan PARA PIHAK, dan tidak ada pihak yang dapat "
        "menuntut pihak lainnya atas akibat keadaan kahar tersebut.",
        doc=doc,
    )


def _disputes(doc: str, *, with_fallback: bool) -> dict:
    body = (
        "(1) Setiap perselisihan yang timbul dari penafsiran atau pelaksanaan %(doc)s ini "
        "diselesaikan oleh PARA PIHAK secara musyawarah untuk mufakat.\n"
        "(2) Hasil musyawarah sebagaimana dimaksud pada ayat (1) dituangkan dalam berita "
        "acara yang ditandatangani oleh PARA PIHAK."
    )
    if with_fallback:
        body += (
            "\n(3) Dalam hal musyawarah sebagaimana dimaksud pada ayat (1) tidak mencapai "
            "mufakat, PARA PIHAK menyelesaikan perselisihan sesuai dengan ketentuan peraturan "
            "perundang-undangan."
        )
    return _pasal("penyelesaian-perselisihan", "Penyelesaian Perselisihan", body, doc=doc)


def _amendment(doc: str) -> dict:
    return _pasal(
        "perubahan",
        "Perubahan",
        "(1) Hal-hal yang belum diatur atau perubahan atas %(doc)s ini ditetapkan berdasarkan "
        "kesepakatan PARA PIHAK dan dituangkan dalam adendum.\n"
        "(2) Adendum sebagaimana dimaksud pada ayat (1) merupakan bagian yang tidak "
        "terpisahkan dari %(doc)s ini.",
        doc=doc,
    )


def _termination(doc: str) -> dict:
    return _pasal(
        "pengakhiran",
        "Pengakhiran",
        "(1) %(doc)s ini berakhir apabila:\n"
        "a. jangka waktunya telah berakhir dan tidak diperpanjang;\n"
        "b. PARA PIHAK sepakat untuk mengakhirinya; atau\n"
        "c. salah satu pihak tidak melaksanakan kewajibannya atau melanggar ketentuan dalam "
        "%(doc)s ini.\n"
        "(2) Pihak yang berkehendak mengakhiri %(doc)s ini sebelum jangka waktunya berakhir "
        "menyampaikan pemberitahuan secara tertulis kepada pihak lainnya paling lambat 30 (tiga "
        "puluh) hari kalender sebelum tanggal pengakhiran yang dikehendaki.\n"
        "(3) Pengakhiran %(doc)s ini tidak memengaruhi penyelesaian kegiatan yang sedang "
        "berjalan, kecuali disepakati lain oleh PARA PIHAK.",
        doc=doc,
    )


def _closing(doc: str) -> dict:
    return _pasal(
        "penutup",
        "Penutup",
        "%(doc)s ini dibuat dan ditandatangani oleh PARA PIHAK pada hari, tanggal, bulan, dan "
        "tahun sebagaimana disebutkan pada awal %(doc)s ini, dalam rangkap {jumlah_rangkap}, "
        "masing-masing bermeterai cukup dan mempunyai kekuatan hukum yang sama.",
        doc=doc,
    )


def _purpose(doc: str, aim: str) -> dict:
    return _pasal(
        "maksud-tujuan",
        "Maksud dan Tujuan",
        "(1) %(doc)s ini dimaksudkan sebagai landasan bagi {pihak_pertama} dan {pihak_kedua} "
        "dalam melaksanakan kerja sama sesuai dengan tugas, fungsi, dan kewenangan "
        "masing-masing.\n"
        "(2) %(doc)s ini bertujuan untuk %(aim)s.",
        doc=doc,
        aim=aim,
    )


NK_AIM = (
    "meningkatkan kualitas penyelenggaraan Pemilihan Umum serta Pemilihan Gubernur, Bupati, "
    "dan Wali Kota melalui sinergi sumber daya, pengetahuan, dan jaringan PARA PIHAK"
)
PKS_AIM = (
    "mewujudkan kegiatan bersama yang terencana, terukur, dan akuntabel guna mendukung "
    "penyelenggaraan Pemilihan Umum dan Pemilihan serta memberi manfaat bagi PARA PIHAK dan "
    "masyarakat"
)

NK_CLAUSES = [
    _purpose(NK_DOC, NK_AIM),
    _pasal(
        "ruang-lingkup",
        "Ruang Lingkup",
        "Ruang lingkup Nota Kesepahaman ini meliputi:\n"
        "a. pendidikan pemilih dan sosialisasi tahapan Pemilihan Umum dan Pemilihan;\n"
        "b. peningkatan partisipasi masyarakat dalam Pemilihan Umum dan Pemilihan;\n"
        "c. pertukaran data dan informasi sesuai dengan ketentuan peraturan "
        "perundang-undangan;\n"
        "d. pengkajian dan penelitian di bidang kepemiluan; dan\n"
        "e. kegiatan lain yang disepakati PARA PIHAK sepanjang berkaitan dengan "
        "penyelenggaraan Pemilihan Umum dan Pemilihan.",
    ),
    _pasal(
        "pelaksanaan",
        "Pelaksanaan",
        "(1) Nota Kesepahaman ini ditindaklanjuti dengan Perjanjian Kerja Sama yang disusun "
        "dan ditandatangani oleh PARA PIHAK atau pejabat yang ditunjuk.\n"
        "(2) Perjanjian Kerja Sama sebagaimana dimaksud pada ayat (1) paling sedikit memuat "
        "objek kegiatan, hak dan kewajiban, pelaksana teknis, pembiayaan, jangka waktu, serta "
        "monitoring dan evaluasi.\n"
        "(3) Jangka waktu Perjanjian Kerja Sama sebagaimana dimaksud pada ayat (1) tidak "
        "melebihi jangka waktu Nota Kesepahaman ini.",
    ),
    _pasal(
        "pembiayaan",
        "Pembiayaan",
        "Nota Kesepahaman ini tidak menimbulkan kewajiban pembiayaan bagi PARA PIHAK. Biaya "
        "yang timbul dalam pelaksanaan kegiatan diatur dalam Perjanjian Kerja Sama dan "
        "dibebankan sesuai dengan ketentuan peraturan perundang-undangan.",
    ),
    _term(NK_DOC, "evaluasi"),
    _pasal(
        "evaluasi-pelaporan",
        "Evaluasi dan Pelaporan",
        "(1) PARA PIHAK mengevaluasi pelaksanaan Nota Kesepahaman ini {frekuensi_evaluasi} "
        "atau sewaktu-waktu apabila diperlukan.\n"
        "(2) Hasil evaluasi sebagaimana dimaksud pada ayat (1) dituangkan dalam laporan "
        "tertulis dan menjadi bahan pertimbangan keberlanjutan kerja sama.\n"
        "(3) PIHAK PERTAMA melaporkan pelaksanaan dan hasil evaluasi kerja sama secara "
        "berjenjang sesuai dengan ketentuan peraturan perundang-undangan.",
    ),
    _force_majeure(NK_DOC),
    _disputes(NK_DOC, with_fallback=False),
    _amendment(NK_DOC),
    _termination(NK_DOC),
    _closing(NK_DOC),
]

PKS_CLAUSES = [
    _pasal(
        "dasar-pelaksanaan",
        "Dasar Pelaksanaan",
        "(1) Perjanjian Kerja Sama ini disusun berdasarkan {nk_reference}.\n"
        "(2) Perjanjian Kerja Sama ini dilaksanakan sesuai dengan tugas, fungsi, dan "
        "kewenangan PARA PIHAK serta ketentuan peraturan perundang-undangan.",
    ),
    _purpose(PKS_DOC, PKS_AIM),
    _pasal(
        "ruang-lingkup",
        "Ruang Lingkup dan Objek Kegiatan",
        "(1) Ruang lingkup Perjanjian Kerja Sama ini meliputi kegiatan yang berkaitan dengan "
        "penyelenggaraan Pemilihan Umum dan Pemilihan sesuai dengan tugas, fungsi, dan "
        "kewenangan PARA PIHAK.\n"
        "(2) Objek kegiatan Perjanjian Kerja Sama ini meliputi:\n"
        "a. [uraian kegiatan pertama];\n"
        "b. [uraian kegiatan kedua]; dan\n"
        "c. kegiatan lain yang disepakati PARA PIHAK secara tertulis.\n"
        "(3) Rincian kegiatan, sasaran, lokasi, dan jadwal pelaksanaan dituangkan dalam "
        "rencana kerja yang disepakati PARA PIHAK.",
    ),
    _pasal(
        "hak-kewajiban",
        "Hak dan Kewajiban",
        "(1) PIHAK PERTAMA berhak:\n"
        "a. memperoleh dukungan PIHAK KEDUA dalam pelaksanaan kegiatan sesuai dengan ruang "
        "lingkup Perjanjian Kerja Sama ini;\n"
        "b. memperoleh data, informasi, dan laporan pelaksanaan kegiatan dari PIHAK KEDUA; "
        "dan\n"
        "c. memanfaatkan hasil kegiatan untuk kepentingan penyelenggaraan Pemilihan Umum dan "
        "Pemilihan.\n"
        "(2) PIHAK PERTAMA berkewajiban:\n"
        "a. menyediakan narasumber, bahan, dan informasi yang diperlukan dalam pelaksanaan "
        "kegiatan;\n"
        "b. berkoordinasi dengan PIHAK KEDUA dalam perencanaan dan pelaksanaan kegiatan; dan\n"
        "c. menjaga kemandirian, netralitas, dan integritas penyelenggara Pemilihan Umum dalam "
        "setiap kegiatan.\n"
        "(3) PIHAK KEDUA berhak:\n"
        "a. memperoleh informasi, bahan, dan narasumber dari PIHAK PERTAMA sesuai dengan ruang "
        "lingkup Perjanjian Kerja Sama ini; dan\n"
        "b. memanfaatkan hasil kegiatan sesuai dengan tugas dan fungsinya dengan tetap "
        "memperhatikan ketentuan kerahasiaan.\n"
        "(4) PIHAK KEDUA berkewajiban:\n"
        "a. menyediakan sumber daya yang diperlukan sesuai dengan kesepakatan;\n"
        "b. melaksanakan kegiatan sesuai dengan rencana kerja yang disepakati;\n"
        "c. tidak menggunakan kegiatan kerja sama untuk kepentingan partai politik, peserta "
        "Pemilihan Umum, atau peserta Pemilihan; dan\n"
        "d. menyampaikan laporan pelaksanaan kegiatan kepada PIHAK PERTAMA.",
    ),
    _pasal(
        "pelaksanaan-teknis",
        "Pelaksanaan Teknis dan Narahubung",
        "(1) Pelaksanaan teknis Perjanjian Kerja Sama ini dilakukan oleh unit kerja yang "
        "ditunjuk oleh masing-masing pihak.\n"
        "(2) Untuk kelancaran komunikasi dan koordinasi, masing-masing pihak menunjuk "
        "narahubung sebagai berikut:\n"
        "a. PIHAK PERTAMA: [nama, jabatan, nomor telepon, dan alamat surel];\n"
        "b. PIHAK KEDUA: [nama, jabatan, nomor telepon, dan alamat surel].\n"
        "(3) Perubahan unit kerja atau narahubung sebagaimana dimaksud pada ayat (1) dan ayat "
        "(2) diberitahukan secara tertulis kepada pihak lainnya paling lambat 7 (tujuh) hari "
        "kerja setelah perubahan.",
    ),
    _pasal(
        "pembiayaan",
        "Pembiayaan",
        "(1) Pembiayaan pelaksanaan Perjanjian Kerja Sama ini: {nilai_pembiayaan}.\n"
        "(2) Biaya yang timbul dibebankan kepada anggaran masing-masing pihak sesuai dengan "
        "kesepakatan PARA PIHAK, ketersediaan anggaran, dan ketentuan peraturan "
        "perundang-undangan.\n"
        "(3) Setiap penggunaan anggaran dipertanggungjawabkan oleh pihak yang membelanjakannya "
        "sesuai dengan ketentuan pengelolaan keuangan negara atau daerah.",
    ),
    _term(PKS_DOC, "monitoring dan evaluasi"),
    _pasal(
        "kerahasiaan-data-pribadi",
        "Kerahasiaan dan Pelindungan Data Pribadi",
        "(1) PARA PIHAK wajib menjaga kerahasiaan data, dokumen, dan informasi yang diperoleh "
        "dalam pelaksanaan Perjanjian Kerja Sama ini dan tidak mengungkapkannya kepada pihak "
        "lain tanpa persetujuan tertulis pemiliknya, kecuali diwajibkan oleh peraturan "
        "perundang-undangan.\n"
        "(2) Pemrosesan data pribadi dalam pelaksanaan Perjanjian Kerja Sama ini dilakukan "
        "sesuai dengan Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi, "
        "terbatas pada tujuan yang disepakati, dan disertai pengamanan teknis serta "
        "organisasional yang memadai.\n"
        "(3) Pihak yang mengetahui terjadinya kegagalan pelindungan data pribadi "
        "memberitahukannya secara tertulis kepada pihak lainnya paling lambat 3 x 24 (tiga "
        "kali dua puluh empat) jam.\n"
        "(4) Kewajiban sebagaimana dimaksud pada ayat (1) dan ayat (2) tetap berlaku setelah "
        "Perjanjian Kerja Sama ini berakhir.",
    ),
    _pasal(
        "monitoring-evaluasi",
        "Monitoring dan Evaluasi",
        "(1) PARA PIHAK memantau pelaksanaan kegiatan secara berkala dan mengevaluasinya "
        "{frekuensi_evaluasi}.\n"
        "(2) Evaluasi sebagaimana dimaksud pada ayat (1) menilai kesesuaian dengan tugas dan "
        "fungsi, realisasi kegiatan, manfaat bagi penyelenggaraan Pemilihan Umum dan Pemilihan "
        "serta bagi masyarakat, komitmen PARA PIHAK, dan keberlanjutan kerja sama.\n"
        "(3) Hasil monitoring dan evaluasi dituangkan dalam laporan tertulis yang disampaikan "
        "secara berjenjang dan menjadi dasar pertimbangan perpanjangan, perubahan, atau "
        "pengakhiran Perjanjian Kerja Sama ini.",
    ),
    _pasal(
        "sanksi",
        "Sanksi",
        "(1) Dalam hal salah satu pihak tidak melaksanakan kewajibannya, pihak lainnya "
        "memberikan teguran tertulis paling banyak 2 (dua) kali dengan tenggang waktu "
        "masing-masing 14 (empat belas) hari kalender.\n"
        "(2) Apabila setelah teguran sebagaimana dimaksud pada ayat (1) kewajiban tetap tidak "
        "dilaksanakan, pihak yang dirugikan dapat menghentikan sementara kegiatan atau "
        "mengakhiri Perjanjian Kerja Sama ini.\n"
        "(3) Pelanggaran kewajiban menjaga netralitas, kerahasiaan, atau pelindungan data "
        "pribadi dapat mengakibatkan pengakhiran Perjanjian Kerja Sama ini seketika, tanpa "
        "mengurangi tanggung jawab pihak yang melanggar menurut peraturan "
        "perundang-undangan.",
    ),
    _force_majeure(PKS_DOC),
    _disputes(PKS_DOC, with_fallback=True),
    _amendment(PKS_DOC),
    _termination(PKS_DOC),
    _pasal(
        "lampiran",
        "Lampiran",
        "(1) Lampiran Perjanjian Kerja Sama ini terdiri atas:\n"
        "a. rencana kerja dan jadwal pelaksanaan kegiatan;\n"
        "b. rincian anggaran biaya, apabila terdapat pembiayaan; dan\n"
        "c. dokumen lain yang disepakati PARA PIHAK.\n"
        "(2) Lampiran sebagaimana dimaksud pada ayat (1) merupakan bagian yang tidak "
        "terpisahkan dari Perjanjian Kerja Sama ini.",
        required=False,
    ),
    _closing(PKS_DOC),
]

ADDENDUM_CLAUSES = [
    _pasal(
        "perubahan",
        "Perubahan",
        "(1) PARA PIHAK sepakat mengubah {perjanjian_induk}, selanjutnya disebut Perjanjian "
        "Induk, sebagaimana diatur dalam Adendum ini.\n"
        "(2) Perubahan sebagaimana dimaksud pada ayat (1) didasarkan pada hasil evaluasi "
        "pelaksanaan kerja sama dan kesepakatan PARA PIHAK.",
    ),
    _pasal(
        "jangka-waktu",
        "Jangka Waktu",
        "(1) Adendum ini mulai berlaku sejak tanggal {tanggal_penandatanganan}.\n"
        "{ayat_perpanjangan}",
    ),
    _pasal(
        "ketentuan-lain",
        "Ketentuan Lain",
        "(1) Ketentuan Perjanjian Induk yang tidak diubah dengan Adendum ini dinyatakan tetap "
        "berlaku dan mengikat PARA PIHAK.\n"
        "(2) Adendum ini merupakan bagian yang tidak terpisahkan dari Perjanjian Induk.",
    ),
    _closing("Adendum"),
]

OTHER_CLAUSES = [
    _purpose(
        OTHER_DOC,
        "mendukung penyelenggaraan Pemilihan Umum dan Pemilihan sesuai dengan tugas dan fungsi "
        "PARA PIHAK",
    ),
    _pasal(
        "ruang-lingkup",
        "Ruang Lingkup",
        "Ruang lingkup Perjanjian ini meliputi:\n"
        "a. [uraian kegiatan]; dan\n"
        "b. kegiatan lain yang disepakati PARA PIHAK sepanjang berkaitan dengan "
        "penyelenggaraan Pemilihan Umum dan Pemilihan.",
    ),
    _term(OTHER_DOC, "evaluasi"),
    _closing(OTHER_DOC),
]

DEFAULT_CLAUSES: dict[str, list[dict]] = {
    Kind.NK: NK_CLAUSES,
    Kind.PKS: PKS_CLAUSES,
    Kind.ADDENDUM: ADDENDUM_CLAUSES,
    Kind.OTHER: OTHER_CLAUSES,
}


def default_items(kind: str) -> list[dict]:
    """A fresh copy of the default Pasal of `kind`, in order."""
    return [dict(item) for item in DEFAULT_CLAUSES[kind]]

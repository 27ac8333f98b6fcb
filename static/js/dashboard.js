// Dashboard charts: each <canvas data-chart="ID"> draws the JSON of <script id="ID"> (written
// by json_script). Every chart has its table beside it for screen readers and printing.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Chart === "undefined") return;
  const palette = ["#a4161a", "#e5383b", "#f4a261", "#2a9d8f", "#264653", "#6c757d",
    "#8d99ae", "#bc6c25", "#588157", "#3a86ff", "#9d4edd", "#ffb703", "#023047"];
  // A long category ("Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat dan
  // SDM") is written on several lines instead of being cut at the chart's edge.
  const wrap = (label, width = 26) => {
    if (label.length <= width) return label;
    const lines = [];
    let line = "";
    label.split(" ").forEach((word) => {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    return [...lines, line];
  };
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    const longLabels = data.labels.some((label) => label.length > 18);
    const horizontal = data.type === "bar" && (data.labels.length > 6 || longLabels);
    const counts = { beginAtZero: true, ticks: { precision: 0 } };
    const names = { ticks: { autoSkip: false } };
    new Chart(canvas, {
      type: data.type,
      data: {
        labels: data.type === "doughnut" ? data.labels : data.labels.map((label) => wrap(label)),
        datasets: [{ data: data.values, backgroundColor: palette, borderWidth: 1 }],
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: data.type === "doughnut", position: "right" } },
        scales: data.type === "doughnut" ? {}
          : horizontal ? { x: counts, y: names } : { x: names, y: counts },
      },
    });
  });
});

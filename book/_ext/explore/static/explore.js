/* An explorable page (book/_ext/explore): sliders for the example's inputs, and every bound
   number, wording and figure label shown at the chosen grid point.

   Every value comes from #bp-explore, which the build computed with bp at each grid point and
   checked there; this script computes nothing, it only looks values up and writes them in.
   At load the page is the static page; "reset" returns to it exactly. */
(() => {
  "use strict";
  const source = document.getElementById("bp-explore");
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const ui = data.ui;
  const [xSpec, ySpec] = data.inputs;
  const pointIndex = new Map(data.points.map((p, i) => [p.join(","), i]));
  const MINUS = "\u2212";
  const pinned = (el) => el.closest(".bp-pinned") !== null;
  const decimals = (text) => (text.split(".")[1] || "").length;
  const show = (printed) => printed.replace(/^-/, MINUS);

  /* Every bound number the page shows, with what it printed at load. */
  const numbers = [];
  document.querySelectorAll(".bp-number, .bp-bound [data-bp-exact]").forEach((el) => {
    if (pinned(el)) return;
    const slot = el.classList.contains("bp-number") ? el : el.querySelector(".mord") || el;
    const book = slot.textContent;
    const variant = `${el.dataset.bpKey}|${el.dataset.bpRule}|${decimals(book)}`;
    if (data.printed[variant]) numbers.push({ el, slot, book, variant });
  });
  /* Each formula's description for screen readers ("计算值：2 = 2（…）；…"), per number. */
  const byElement = new Map(numbers.map((n) => [n.el, n]));
  const formulas = [...document.querySelectorAll(".math.bp-bound[aria-label]")]
    .filter((f) => !pinned(f))
    .map((f) => ({
      el: f,
      book: f.getAttribute("aria-label"),
      numbers: [...f.querySelectorAll("[data-bp-exact]")].map((e) => byElement.get(e)).filter(Boolean),
    }));
  const words = data.words.map((w, i) => [...document.querySelectorAll(`.bp-words-${i}`)]);

  /* The figure: its image is replaced by the same SVG inline once a label must change. */
  const image = data.figure ? document.querySelector(`#${CSS.escape(data.figure)} img`) : null;
  let figure = null; // { svg, labels: [{ slot, key, prefix, extra }] }
  function inlineFigure() {
    if (figure || !image || !data.svg) return figure;
    const holder = document.createElement("div");
    holder.innerHTML = data.svg;
    const svg = holder.querySelector("svg");
    svg.setAttribute("role", "img");
    svg.setAttribute("class", "bp-explore-figure");
    svg.style.minWidth = image.style.minWidth;
    svg.removeAttribute("height");
    svg.setAttribute("width", "100%");
    const labels = [];
    svg.querySelectorAll("text").forEach((text) => {
      const plain = text.textContent.trim();
      const match = /^([A-Za-z]\w*)=(.*)$/.exec(plain) || /^(Y) = (.*)$/.exec(plain);
      if (match && !text.querySelector("tspan")) {
        const key = match[1] === "Y" && plain.startsWith("Y = ") ? "target" : match[1];
        if (data.drawn[key]) labels.push({ slot: text, key, prefix: plain.slice(0, -match[2].length) });
      }
    });
    /* Mathtext labels ("ΔX=0.0787"): one tspan per glyph; the digits after "=" become one. */
    svg.querySelectorAll("g").forEach((group) => {
      const note = [...group.childNodes].find((n) => n.nodeType === Node.COMMENT_NODE);
      const match = note && /\$\\Delta (\w+)\$=/.exec(note.textContent);
      if (!match || !data.drawn[`delta_${match[1]}`]) return;
      const spans = [...group.querySelectorAll("tspan")];
      const equals = spans.findIndex((s) => s.textContent === "=");
      const digits = spans.slice(equals + 1).filter((s) => /^[-−.\d]$/.test(s.textContent));
      if (!digits.length) return;
      digits.slice(1).forEach((s) => s.remove());
      labels.push({ slot: digits[0], key: `delta_${match[1]}`, prefix: "" });
    });
    figure = { svg, labels };
    return figure;
  }

  /* The controls, before the first paragraph that prints the first input. */
  const firstUse = numbers.find((n) => n.el.dataset.bpKey === xSpec.shows);
  const home = firstUse && firstUse.el.closest("p");
  if (!home) return;
  const panel = document.createElement("div");
  panel.className = "bp-explore";
  panel.setAttribute("role", "group");
  panel.setAttribute("aria-label", ui.title);
  const format = (v) => String(Number(v.toFixed(6)));
  panel.innerHTML = `
    <p class="bp-explore-title">${ui.title}</p>
    <label class="bp-explore-row"><span class="bp-explore-name">X</span>
      <input type="range" class="bp-explore-x" aria-label="X">
      <output class="bp-explore-value bp-explore-x-value" aria-hidden="true"></output></label>
    <label class="bp-explore-row"><span class="bp-explore-name">${ui.target}</span>
      <input type="range" class="bp-explore-y" aria-label="${ui.target}">
      <output class="bp-explore-value bp-explore-y-value" aria-hidden="true"></output></label>
    <p class="bp-explore-end" role="status" aria-live="polite"></p>
    <button type="button" class="bp-explore-reset"></button>`;
  // In the page's top section, so that it stays in view down to the figure (sticky).
  const section = home.closest("section");
  const top = section && section.parentElement.closest("section") ? section : home;
  top.before(panel);
  const xInput = panel.querySelector(".bp-explore-x");
  const yInput = panel.querySelector(".bp-explore-y");
  const xValue = panel.querySelector(".bp-explore-x-value");
  const yValue = panel.querySelector(".bp-explore-y-value");
  const end = panel.querySelector(".bp-explore-end");
  const reset = panel.querySelector(".bp-explore-reset");
  const resetWords = ui.reset.replace("{X}", format(xSpec.book)).replace("{target}", format(ySpec.book));
  reset.setAttribute("aria-label", resetWords);
  // The whole sentence, and a short word that a phone shows instead (explore.css).
  reset.innerHTML = `<span class="bp-explore-reset-long">${resetWords}</span>` +
    `<span class="bp-explore-reset-short" aria-hidden="true">↺ ${ui.reset_short}</span>`;
  const pinnedNotes = [...document.querySelectorAll(".bp-pinned")].map((box, i) => {
    const note = document.createElement("p");
    note.className = "bp-explore-pinned";
    note.hidden = true;
    note.textContent = ui.pinned.replace("{reason}", data.pinned[i] || "");
    box.append(note);
    return note;
  });

  /* The inputs' grids as slider positions (integers: no float drift). */
  const limitsFor = (y) => {
    const found = xSpec.limits.find(([, value]) => value === y);
    return found ? [found[2], found[3]] : [xSpec.grid[0], xSpec.grid[xSpec.grid.length - 1]];
  };
  yInput.min = 0;
  yInput.max = ySpec.grid.length - 1;
  yInput.step = 1;
  function setXRange(y) {
    const [low, high] = limitsFor(y);
    const positions = xSpec.grid.map((x, i) => [x, i]).filter(([x]) => x >= low && x <= high);
    xInput.min = positions[0][1];
    xInput.max = positions[positions.length - 1][1];
    xInput.step = 1;
  }

  function apply(x, y) {
    const started = performance.now();
    const i = pointIndex.get(`${x},${y}`);
    if (i === undefined) return;
    const atBook = x === xSpec.book && y === ySpec.book;
    for (const n of numbers) {
      const printed = atBook ? n.book : show(data.printed[n.variant][i]);
      if (n.slot.textContent !== printed) n.slot.textContent = printed;
      const readable = atBook ? undefined : data.exact[n.variant][i];
      if (n.el.dataset.bpReadable !== readable) {
        if (readable === undefined) delete n.el.dataset.bpReadable;
        else n.el.dataset.bpReadable = readable;
      }
    }
    for (const f of formulas) {
      if (atBook) {
        f.el.setAttribute("aria-label", f.book);
        continue;
      }
      let label = f.book;
      let cursor = 0;
      f.numbers.forEach((n) => {
        const at = label.indexOf(`${n.book} = `, cursor);
        if (at < 0) return;
        const stop = label.slice(at).search(/（| \(/);
        const replacement = `${show(data.printed[n.variant][i])} = ${data.exact[n.variant][i]}`;
        label = label.slice(0, at) + replacement + label.slice(stop < 0 ? label.length : at + stop);
        cursor = at + replacement.length;
      });
      if (f.el.getAttribute("aria-label") !== label) f.el.setAttribute("aria-label", label);
    }
    data.words.forEach((w, k) => {
      const text = data.chosen[i][k] === "1" ? w.yes : w.no;
      words[k].forEach((el) => el.textContent !== text && (el.textContent = text));
    });
    pinnedNotes.forEach((note) => (note.hidden = atBook));
    if (atBook && figure) {
      figure.svg.replaceWith(image);
    } else if (!atBook && inlineFigure()) {
      if (image.isConnected) image.replaceWith(figure.svg);
      figure.svg.setAttribute("aria-label", image.alt.replace(/Y = [\d.]+/, `Y = ${data.drawn.target[i]}`));
      for (const label of figure.labels) {
        const text = label.prefix + show(data.drawn[label.key][i]);
        if (label.slot.textContent !== text) label.slot.textContent = text;
      }
    }
    const text = ui.value.replace("{name}", "X", 1).replace("{value}", format(x));
    xInput.setAttribute("aria-valuetext", text);
    yInput.setAttribute("aria-valuetext", ui.value.replace("{name}", "Y").replace("{value}", format(y)));
    xValue.textContent = format(x);
    yValue.textContent = format(y);
    const atEnd = Number(xInput.value) === Number(xInput.min) || Number(xInput.value) === Number(xInput.max);
    end.textContent = atEnd && !atBook ? ui.at_end.replace("{reason}", xSpec.end) : "";
    reset.disabled = atBook;
    document.documentElement.dataset.bpExploreMs = (performance.now() - started).toFixed(3);
  }

  function fromControls() {
    const y = ySpec.grid[Number(yInput.value)];
    apply(xSpec.grid[Number(xInput.value)], y);
  }
  function set(x, y) {
    yInput.value = ySpec.grid.indexOf(y);
    setXRange(y);
    xInput.value = xSpec.grid.indexOf(x);
    apply(x, y);
  }
  xInput.addEventListener("input", fromControls);
  yInput.addEventListener("input", () => {
    const y = ySpec.grid[Number(yInput.value)];
    const x = xSpec.grid[Number(xInput.value)];
    setXRange(y);
    const [low, high] = limitsFor(y);
    set(Math.min(Math.max(x, low), high), y);
  });
  reset.addEventListener("click", () => set(xSpec.book, ySpec.book));
  /* Print shows the book's values, as the PDF does; the reader's point comes back after. */
  let beforePrint = null;
  addEventListener("beforeprint", () => {
    beforePrint = [xSpec.grid[Number(xInput.value)], ySpec.grid[Number(yInput.value)]];
    set(xSpec.book, ySpec.book);
  });
  addEventListener("afterprint", () => beforePrint && set(...beforePrint));
  set(xSpec.book, ySpec.book);
  /* For tests and benchmarks: go to a grid point as the controls would. */
  window.bpExplore = { set, points: data.points };
})();

/* An explorable page (book/_ext/explore): a slider per input of the example, and every bound
   number, wording, figure label and printed cell output shown at the chosen grid point.

   Every value comes from window.bpExploreData (_static/explore/<page>.js, loaded just before
   this script), which the build computed with bp at each grid point and checked there; this
   script computes nothing, it only looks values up and writes them in.
   At load the page is the static page; "reset" returns to it exactly. */
(() => {
  "use strict";
  const data = window.bpExploreData;
  if (!data) return;
  const ui = data.ui;
  const specs = data.inputs;
  const pointIndex = new Map(data.points.map((p, i) => [p.join(","), i]));
  const MINUS = "\u2212";
  const pinned = (el) => el.closest(".bp-pinned") !== null;
  const decimals = (text) => (text.split(".")[1] || "").length;
  const show = (printed) => printed.replace(/^-/, MINUS);
  /* A number in prose keeps the static page's "-" (numbercheck prints the source's literal);
     KaTeX typesets a minus sign in formulas, and the figure's labels have one too. */
  const shownAs = (n, printed) => (n.el.classList.contains("bp-number") ? printed : show(printed));

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
    .map((f) => {
      const tex = f.querySelector('annotation[encoding="application/x-tex"]');
      return {
        el: f,
        book: f.getAttribute("aria-label"),
        numbers: [...f.querySelectorAll("[data-bp-exact]")].map((e) => byElement.get(e)).filter(Boolean),
        tex, // the TeX that copy-tex copies and the MathML carries
        texBook: tex ? tex.textContent : "",
      };
    });
  /* A formula's TeX at point i: each bound number's literal, in order, is the point's. */
  function texAt(f, i) {
    let tex = f.texBook;
    let cursor = 0;
    for (const n of f.numbers) {
      const literal = n.book.replace(MINUS, "-");
      const found = new RegExp(`(?<![\\d.])${literal.replace(/\./g, "\\.")}(?![\\d.])`, "g");
      found.lastIndex = cursor;
      const match = found.exec(tex);
      if (!match) continue;
      const value = data.printed[n.variant][i];
      tex = tex.slice(0, match.index) + value + tex.slice(match.index + literal.length);
      cursor = match.index + value.length;
    }
    return tex;
  }
  const words = data.words.map((w, i) => [...document.querySelectorAll(`.bp-words-${i}`)]);

  /* The figure: its image is replaced by the same SVG inline once a label must change. */
  const image = data.figure ? document.querySelector(`#${CSS.escape(data.figure)} img`) : null;
  let figure = null; // { svg, labels: [{ slot, key, prefix }], marks: [{ key, line, uses }] }
  function inlineFigure() {
    if (figure || !image || !data.svg) return figure;
    const holder = document.createElement("div");
    holder.innerHTML = data.svg;
    const svg = holder.querySelector("svg");
    svg.setAttribute("role", "img");
    svg.setAttribute("class", "bp-explore-figure");
    svg.setAttribute("aria-label", image.alt);
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
    /* A named figure's labels (publish_plot: a legend's "η = 0.05"): the text that ends in
       the value the book draws. */
    Object.keys(data.drawn).filter((key) => key.includes("__")).forEach((key) => {
      const value = data.drawn[key][bookIndex];
      svg.querySelectorAll("text").forEach((text) => {
        const plain = text.textContent.trim();
        if (plain.endsWith(`= ${value}`)) {
          labels.push({ slot: text, key, prefix: plain.slice(0, -value.length) });
        }
      });
    });
    /* Lines whose points follow the inputs (publish_plot's paths): the build saved where
       matplotlib draws them at every point; here they are only put there. */
    const marks = Object.keys(data.marks).map((key) => {
      const group = svg.querySelector(`g[id="${key}"]`);
      return group && { key, line: group.querySelector("path"), uses: [...group.querySelectorAll("use")] };
    }).filter(Boolean);
    figure = { svg, labels, marks };
    return figure;
  }

  /* The controls, before the first paragraph that prints the first input. */
  const book = specs.map((spec) => spec.book);
  /* A cell's printed output, where the cell prints something else at other points. */
  const bookIndex = pointIndex.get(book.join(","));
  const cellOutputs = data.outputs.map((texts) => {
    const pre = [...document.querySelectorAll(".cell_output pre")]
      .find((p) => p.textContent.trim() === texts[bookIndex].trim());
    return pre && { pre, texts, book: pre.innerHTML };
  }).filter(Boolean);

  const firstUse = numbers.find((n) => n.el.dataset.bpKey === specs[0].shows);
  const home = firstUse && firstUse.el.closest("p");
  if (!home) return;
  const panel = document.createElement("div");
  panel.className = "bp-explore";
  panel.setAttribute("role", "group");
  panel.setAttribute("aria-label", ui.title);
  const format = (v) => String(Number(v.toFixed(6)));
  const rows = specs.map((spec, i) => `
    <label class="bp-explore-row"><span class="bp-explore-name">${spec.label}</span>
      <input type="range" class="bp-explore-input bp-explore-input-${i}" aria-label="${spec.label}">
      <output class="bp-explore-value" aria-hidden="true"></output></label>`);
  panel.innerHTML = `
    <p class="bp-explore-title">${ui.title}</p>${rows.join("")}
    <p class="bp-explore-end" role="status" aria-live="polite"></p>
    <button type="button" class="bp-explore-reset"></button>`;
  panel.style.setProperty("--bp-explore-rows", specs.length);
  /* In view (sticky) down to the last thing it changes: within the section of its first use
     if everything it changes from there on is in that section (1.4.3), else in the page's top
     section (1.3: down to figure 1.3.1). */
  const section = home.closest("section");
  const changes = [...numbers.map((n) => n.el), ...words.flat(), ...cellOutputs.map((o) => o.pre)];
  const below = changes.filter((el) => home.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  const nested = section && section.parentElement.closest("section");
  (nested && !below.every((el) => section.contains(el)) ? section : home).before(panel);
  const sliders = [...panel.querySelectorAll(".bp-explore-input")];
  const outputs = [...panel.querySelectorAll(".bp-explore-value")];
  const end = panel.querySelector(".bp-explore-end");
  const reset = panel.querySelector(".bp-explore-reset");
  const said = (spec, v) => ui.value.replace("{name}", spec.symbol).replace("{value}", format(v));
  const resetWords = ui.reset.replace("{values}", specs.map((s) => said(s, s.book)).join(ui.and));
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

  /* The inputs' grids as slider positions (integers: no float drift); an input's range may be
     narrower at some value of another input (its limits: [other input, its value, from, to]). */
  const limitsFor = (spec, values) => {
    const found = spec.limits.find(([other, value]) =>
      values[specs.findIndex((s) => s.name === other)] === value);
    return found ? [found[2], found[3]] : [spec.grid[0], spec.grid[spec.grid.length - 1]];
  };
  const clamped = (values) => values.map((v, k) => {
    const [low, high] = limitsFor(specs[k], values);
    return Math.min(Math.max(v, low), high);
  });
  function setRanges(values) {
    specs.forEach((spec, k) => {
      const [low, high] = limitsFor(spec, values);
      const positions = spec.grid.map((v, i) => [v, i]).filter(([v]) => v >= low && v <= high);
      sliders[k].min = positions[0][1];
      sliders[k].max = positions[positions.length - 1][1];
      sliders[k].step = 1;
    });
  }

  function apply(values) {
    const started = performance.now();
    const i = pointIndex.get(values.join(","));
    if (i === undefined) return;
    const atBook = values.every((v, k) => v === book[k]);
    for (const n of numbers) {
      const printed = atBook ? n.book : shownAs(n, data.printed[n.variant][i]);
      if (n.slot.textContent !== printed) n.slot.textContent = printed;
      const readable = atBook ? undefined : data.exact[n.variant][i];
      if (n.el.dataset.bpReadable !== readable) {
        if (readable === undefined) delete n.el.dataset.bpReadable;
        else n.el.dataset.bpReadable = readable;
      }
    }
    for (const f of formulas) {
      if (f.tex) {
        const tex = atBook ? f.texBook : texAt(f, i);
        if (f.tex.textContent !== tex) f.tex.textContent = tex;
      }
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
    data.words.forEach((texts, k) => {
      const text = texts[Number(data.chosen[i][k])];
      words[k].forEach((el) => el.textContent !== text && (el.textContent = text));
    });
    for (const output of cellOutputs) {
      if (atBook) output.pre.innerHTML = output.book;
      else if (output.pre.textContent !== output.texts[i]) output.pre.textContent = output.texts[i];
    }
    pinnedNotes.forEach((note) => (note.hidden = atBook));
    if (atBook && figure) {
      figure.svg.replaceWith(image);
    } else if (!atBook && inlineFigure()) {
      if (image.isConnected) image.replaceWith(figure.svg);
      if (data.drawn.target) {
        figure.svg.setAttribute("aria-label", image.alt.replace(/Y = [\d.]+/, `Y = ${data.drawn.target[i]}`));
      } else if (figure.marks.length) {
        /* The alt text tells how the book's paths run; the reader's may not run that way
           (1.4.1 at a large η): the caption, true at every point, names the figure instead. */
        const caption = figure.svg.closest("figure")?.querySelector("figcaption .caption-text");
        if (caption) figure.svg.setAttribute("aria-label", caption.textContent.trim());
      }
      for (const label of figure.labels) {
        const text = label.prefix + show(data.drawn[label.key][i]);
        if (label.slot.textContent !== text) label.slot.textContent = text;
      }
      for (const mark of figure.marks) {
        const saved = data.marks[mark.key];
        const xy = saved.drawn[saved.at[i]]; // x, y of each marker in turn
        const points = mark.uses.map((use, k) => {
          use.setAttribute("x", xy[2 * k]);
          use.setAttribute("y", xy[2 * k + 1]);
          return `${xy[2 * k]} ${xy[2 * k + 1]}`;
        });
        if (mark.line) mark.line.setAttribute("d", `M ${points.join(" L ")}`);
      }
    }
    const ends = [];
    specs.forEach((spec, k) => {
      sliders[k].setAttribute("aria-valuetext", said(spec, values[k]));
      outputs[k].textContent = format(values[k]);
      const slider = sliders[k];
      const atEnd = slider.value === slider.min || slider.value === slider.max;
      if (atEnd && spec.end && !ends.includes(spec.end)) ends.push(spec.end);
    });
    end.textContent = ends.length && !atBook ? ui.at_end.replace("{reason}", ends.join(ui.and)) : "";
    reset.disabled = atBook;
    document.documentElement.classList.toggle("bp-exploring", !atBook);
    document.documentElement.dataset.bpExploreMs = (performance.now() - started).toFixed(3);
  }

  const current = () => specs.map((spec, k) => spec.grid[Number(sliders[k].value)]);
  /* Go to a point: the other inputs' ranges first (limits), then every slider's position. */
  function set(...values) {
    setRanges(values);
    specs.forEach((spec, k) => (sliders[k].value = spec.grid.indexOf(values[k])));
    apply(values);
  }
  /* A moved slider may narrow another's range: that input comes inside it. */
  sliders.forEach((slider) => slider.addEventListener("input", () => set(...clamped(current()))));
  reset.addEventListener("click", () => set(...book));
  /* Print shows the book's values, as the PDF does; the reader's point comes back after. */
  let beforePrint = null;
  addEventListener("beforeprint", () => {
    beforePrint = current();
    set(...book);
  });
  addEventListener("afterprint", () => beforePrint && set(...beforePrint));
  set(...book);
  /* For tests and benchmarks: go to a grid point as the controls would. */
  window.bpExplore = { set, points: data.points, book };
})();

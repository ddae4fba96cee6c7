// Ledger pages: print buttons (the quarterly report prints on A4).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

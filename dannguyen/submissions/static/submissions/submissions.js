// The notice on denunciations is shown only while "denunciation" is chosen. Without
// JavaScript it stays visible, which is the safe side.
(function () {
  "use strict";
  var notice = document.getElementById("denunciation-notice");
  if (!notice) { return; }
  var radios = document.querySelectorAll('input[name="kind"]');
  function update() {
    var chosen = document.querySelector('input[name="kind"]:checked');
    notice.hidden = !(chosen && chosen.value === "denunciation");
  }
  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  update();
})();

/* The social map's map: an enhancement of the list on the same page.
   Reads the markers from a JSON script element and the tile server from data attributes.
   Every marker is a keyboard stop (Leaflet gives it tabindex 0) with the service's name as
   its label; Enter opens a popup with a link to the service. Without JavaScript, or when
   Leaflet is missing, the map stays hidden and the list is the whole page. */
(function () {
  "use strict";
  var element = document.getElementById("help-map");
  var data = document.getElementById("help-markers");
  if (!element || !data || typeof L === "undefined") { return; }
  var markers = JSON.parse(data.textContent);
  if (!markers.length) { return; }

  element.hidden = false;
  var map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer(element.dataset.tiles, {
    attribution: element.dataset.attribution,
    maxZoom: 19
  }).addTo(map);

  var bounds = [];
  markers.forEach(function (item) {
    var label = item.name + " – " + item.place;
    var marker = L.marker([item.lat, item.lon], { title: label, alt: label, keyboard: true });
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.name;
    var place = document.createElement("p");
    place.textContent = item.place;
    popup.appendChild(link);
    popup.appendChild(place);
    // Leaflet renders the marker as <img role="button" tabindex="0" alt=label>.
    marker.bindPopup(popup).addTo(map);
    bounds.push([item.lat, item.lon]);
  });
  map.fitBounds(bounds, { maxZoom: 16, padding: [24, 24] });
})();

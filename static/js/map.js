/* The offers' places on a map (Leaflet, served by the portal). The markers are made from the
 * list below the map (each place's item carries its coordinates), so the map shows exactly the
 * list's places and nothing here is the only way to reach anything. Tiles come through the
 * portal (/karte/kacheln/…), never straight from a tile server. */
(function () {
  "use strict";

  function popup(place, more) {
    // Built from text nodes only: names and titles never become markup.
    var box = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = place.name;
    var address = document.createElement("p");
    address.textContent = place.address;
    box.appendChild(name);
    box.appendChild(address);
    var list = document.createElement("ul");
    place.offers.forEach(function (offer) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = offer.url;
      link.textContent = offer.title;
      link.setAttribute("aria-label", offer.title + " – " + more);
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function listed(item) {
    // A place as the list shows it: name, address, its offers' links.
    var links = item.querySelectorAll("ul a");
    return {
      lat: Number(item.dataset.lat),
      lon: Number(item.dataset.lon),
      name: item.querySelector("strong").textContent,
      address: item.querySelector("bdi").textContent,
      offers: Array.prototype.map.call(links, function (link) {
        return { url: link.getAttribute("href"), title: link.textContent };
      }),
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.querySelector("[data-map]");
    if (!element || !window.L) return;
    var places = Array.prototype.map.call(document.querySelectorAll("#orte-liste [data-lat]"), listed);
    element.hidden = false;
    element.setAttribute("role", "region");
    element.setAttribute("aria-label", element.dataset.label);

    var map = L.map(element, {
      minZoom: Number(element.dataset.minZoom),
      maxZoom: Number(element.dataset.maxZoom),
      scrollWheelZoom: false, // the page scrolls past the map; zoom with the buttons or keys
    });
    L.tileLayer(element.dataset.tiles, {
      attribution: element.dataset.attribution,
      minZoom: Number(element.dataset.minZoom),
      maxZoom: Number(element.dataset.maxZoom),
    }).addTo(map);
    map.attributionControl.setPrefix(false);

    var icon = L.icon({
      iconUrl: element.dataset.icon,
      iconRetinaUrl: element.dataset.icon2x,
      shadowUrl: element.dataset.shadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41],
    });
    var cluster = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.featureGroup();
    places.forEach(function (place) {
      var marker = L.marker([place.lat, place.lon], { icon: icon, title: place.name, alt: place.name });
      marker.bindPopup(popup(place, element.dataset.more));
      cluster.addLayer(marker);
    });
    map.addLayer(cluster);

    fetch(element.dataset.boundaries, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (geojson) {
        var layer = L.geoJSON(geojson, {
          interactive: false,
          style: { color: "#1b1b1b", weight: 1, opacity: 0.6, fillOpacity: 0.03 },
        }).addTo(map);
        layer.bringToBack();
        if (!places.length) map.fitBounds(layer.getBounds());
      })
      .catch(function () { /* the map works without boundaries */ });

    if (places.length) {
      map.fitBounds(cluster.getBounds(), { padding: [24, 24], maxZoom: 13 });
    } else {
      map.setView([48.4, 9.8], 10);
    }
  });
})();

// Mounts Stripe Embedded Checkout on the billing page once a plan is chosen.
(function () {
  "use strict";

  var mount = document.getElementById("checkout");
  var plans = document.getElementById("plans");
  var errorBox = document.getElementById("checkout-error");
  if (!mount || !plans || typeof window.Stripe !== "function") {
    return;
  }
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var stripe = window.Stripe(mount.dataset.publishableKey);
  var current = null;

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function fetchClientSecret(plan) {
    return fetch(mount.dataset.checkoutUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": csrfMeta ? csrfMeta.content : ""
      },
      body: JSON.stringify({ plan: plan })
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          throw new Error(body.message || "Checkout could not start.");
        }
        return body.clientSecret;
      });
    });
  }

  // Stripe.js renamed initEmbeddedCheckout to createEmbeddedCheckoutPage in a later release.
  function createCheckout(options) {
    var create = stripe.createEmbeddedCheckoutPage || stripe.initEmbeddedCheckout;
    return create.call(stripe, options);
  }

  function start(plan) {
    errorBox.hidden = true;
    if (current) {
      current.destroy();
      current = null;
    }
    createCheckout({
      fetchClientSecret: function () { return fetchClientSecret(plan); }
    }).then(function (checkout) {
      current = checkout;
      checkout.mount(mount);
      mount.scrollIntoView({ behavior: "smooth" });
    }).catch(function (error) {
      showError(error.message);
    });
  }

  plans.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-plan]");
    if (button) {
      start(button.dataset.plan);
    }
  });
})();

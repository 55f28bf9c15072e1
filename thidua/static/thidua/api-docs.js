// Thi Đua Số — starts Swagger UI on /api/v1/docs without an inline script (the CSP forbids them).
// The page carries the settings and the CSRF token in data- attributes; requests made from the
// page with the session send the token, as the API's session authentication requires.
document.addEventListener("DOMContentLoaded", () => {
  const target = document.getElementById("swagger-ui");
  if (!target || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  const config = JSON.parse(target.dataset.swaggerSettings);
  const csrfToken = target.dataset.csrfToken;
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  config.requestInterceptor = (request) => {
    if (csrfToken && !request.headers.Authorization) {
      request.headers["X-CSRFToken"] = csrfToken;
    }
    return request;
  };
  SwaggerUIBundle(config);
});

use schrieb_api::ErrorKind;
use schrieb_api::paths::Endpoint;

use crate::helpers::TestApp;

#[tokio::test]
async fn unknown_api_paths_get_the_error_shape() {
    let app = TestApp::empty().await;
    for path in ["/api/v1/nothing", "/api", "/api/v2/articles", "/api/v1/articles/a/b/c"] {
        let answer = app.error(path).await;
        assert_eq!((answer.status, answer.body.error), (404, ErrorKind::NoRoute), "{path}");
    }
}

#[tokio::test]
async fn wrong_methods_get_the_error_shape() {
    let app = TestApp::empty().await;
    let response = app
        .client_raw()
        .delete(format!("{}{}", app.address, Endpoint::Articles.template()))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status().as_u16(), 405);
    let body: schrieb_api::ApiError = response.json().await.expect("error shape");
    assert_eq!(body.error, ErrorKind::MethodNotAllowed);
}

#[tokio::test]
async fn health_check_answers() {
    let app = TestApp::empty().await;
    let response = app.get(Endpoint::Health.template()).await;
    assert_eq!(response.status().as_u16(), 200);
}

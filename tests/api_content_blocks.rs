//! Braze's Content Blocks through zenbraze's client against the sandbox over real HTTP:
//! create, update, list (every page, no `offset=0`), info; Braze's documented limits and
//! errors; blocks kept in the sandbox's state file. See docs/braze-api.md#content-blocks.

mod common;

use common::*;
use serde_json::json;
use zenbraze::api::ApiError;
use zenbraze::api::braze::{BlockState, ContentBlockChange, NewContentBlock};
use zenbraze::sandbox::{DEMO_BRAZE_KEY, Sandbox, SandboxConfig, store};

fn block(name: &str, content: &str) -> NewContentBlock {
    NewContentBlock {
        name: name.into(),
        content: content.into(),
        ..Default::default()
    }
}

fn bad_request(e: ApiError) -> String {
    match e {
        ApiError::BadRequest { message, .. } => message,
        other => panic!("expected a 400, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_list_info_update_round_trip() {
    let sb = sandbox().await;
    let b = braze(&sb);
    let outcome = b
        .create_content_block(&NewContentBlock {
            name: "zendesk_ticket".into(),
            description: Some("the ticket body".into()),
            content: r#"{"ticket": {"subject": "Hi {{${first_name}}}"}}"#.into(),
            state: None,
            tags: vec!["zenbraze".into()],
        })
        .await;
    assert_eq!(outcome.exchange.status(), Some(201));
    let made = outcome.result.unwrap();
    assert_eq!(made.liquid_tag, "{{content_blocks.${zendesk_ticket}}}");
    assert_eq!(made.message, "success");
    assert_eq!(made.content_block_id.len(), 36);

    let listed = b.list_content_blocks(1000).await.result.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, "zendesk_ticket");
    assert_eq!(listed[0].liquid_tag, made.liquid_tag);
    assert_eq!(listed[0].tags, vec!["zenbraze"]);

    let info = b
        .content_block_info(&made.content_block_id)
        .await
        .result
        .unwrap();
    assert_eq!(
        info.content,
        r#"{"ticket": {"subject": "Hi {{${first_name}}}"}}"#
    );
    assert_eq!(info.description, "the ticket body");
    assert_eq!(info.content_type, "text");

    let updated = b
        .update_content_block(&ContentBlockChange {
            content_block_id: made.content_block_id.clone(),
            content: Some("<p>new</p>".into()),
            state: Some(BlockState::Draft),
            ..Default::default()
        })
        .await
        .result
        .unwrap();
    assert_eq!(updated.content_block_id, made.content_block_id);
    let info = b
        .content_block_info(&made.content_block_id)
        .await
        .result
        .unwrap();
    assert_eq!(
        (info.content.as_str(), info.content_type.as_str()),
        ("<p>new</p>", "html")
    );
    // What update left out stays.
    assert_eq!(info.description, "the ticket body");
    assert_eq!(info.name, "zendesk_ticket");
    let raw = state(&sb).await;
    assert_eq!(raw["content_blocks"][0]["state"], "draft");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn braze_limits_are_400s_with_its_words() {
    let sb = sandbox().await;
    let b = braze(&sb);
    let long = "n".repeat(100);
    let e = b
        .create_content_block(&block(&long, "x"))
        .await
        .result
        .unwrap_err();
    assert!(bad_request(e).contains("less than 100"));
    // 99 characters is under the limit.
    b.create_content_block(&block(&long[..99], "x"))
        .await
        .result
        .unwrap();
    let e = b
        .create_content_block(&block(&long[..99], "y"))
        .await
        .result
        .unwrap_err();
    assert!(bad_request(e).contains("already exists"));
    let e = b
        .create_content_block(&NewContentBlock {
            description: Some("d".repeat(250)),
            ..block("described", "x")
        })
        .await
        .result
        .unwrap_err();
    assert!(bad_request(e).contains("less than 250"));
    let e = b
        .create_content_block(&NewContentBlock {
            tags: vec!["nonexistent".into()],
            ..block("tagged", "x")
        })
        .await
        .result
        .unwrap_err();
    assert!(bad_request(e).contains("nonexistent"));
    // A tag made in Braze's dashboard (the sandbox's account setting) can be used.
    let r = reqwest::Client::new()
        .post(format!("{}/__sandbox/account", sb.base_url()))
        .header("Content-Type", "application/json")
        .body(json!({"braze_tags": ["nonexistent"]}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    b.create_content_block(&NewContentBlock {
        tags: vec!["nonexistent".into()],
        ..block("tagged", "x")
    })
    .await
    .result
    .unwrap();
    // Missing content, a wrong state, an unknown id.
    let http = reqwest::Client::new();
    let post = |path: &str, body: serde_json::Value| {
        http.post(format!("{}{path}", sb.base_url()))
            .bearer_auth(DEMO_BRAZE_KEY)
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .send()
    };
    for (path, body, words) in [
        (
            "/content_blocks/create",
            json!({"name": "c"}),
            "'content' is required",
        ),
        (
            "/content_blocks/create",
            json!({"name": "c", "content": "x", "state": "paused"}),
            "'active' or 'draft'",
        ),
        (
            "/content_blocks/update",
            json!({"content_block_id": "nope", "content": "x"}),
            "not a Content Block",
        ),
        (
            "/content_blocks/update",
            json!({"content": "x"}),
            "'content_block_id' is required",
        ),
    ] {
        let r = post(path, body.clone()).await.unwrap();
        assert_eq!(r.status().as_u16(), 400, "{body}");
        let answer: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        assert!(
            answer["message"].as_str().unwrap().contains(words),
            "{body}: {answer}"
        );
    }
    // Renaming onto another block's name is refused too.
    let listed = b.list_content_blocks(1000).await.result.unwrap();
    let tagged = listed.iter().find(|x| x.name == "tagged").unwrap();
    let e = b
        .update_content_block(&ContentBlockChange {
            content_block_id: tagged.content_block_id.clone(),
            name: Some(long[..99].to_owned()),
            ..Default::default()
        })
        .await
        .result
        .unwrap_err();
    assert!(bad_request(e).contains("already exists"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_reads_every_page_without_offset_zero() {
    let sb = sandbox().await;
    let b = braze(&sb);
    for i in 0..5 {
        b.create_content_block(&block(&format!("b{i}"), "x"))
            .await
            .result
            .unwrap();
    }
    let pages = b.list_content_blocks(2).await;
    let names: Vec<String> = pages.result.unwrap().into_iter().map(|r| r.name).collect();
    assert_eq!(names, ["b0", "b1", "b2", "b3", "b4"]);
    let urls: Vec<&str> = pages.exchanges.iter().map(|e| e.url.as_str()).collect();
    assert_eq!(urls.len(), 3, "{urls:?}");
    assert!(
        urls[0].ends_with("/content_blocks/list?limit=2"),
        "{urls:?}"
    );
    assert!(urls[1].ends_with("limit=2&offset=2"), "{urls:?}");
    assert!(urls[2].ends_with("limit=2&offset=4"), "{urls:?}");
    // A full last page costs one more (empty) page: there is no cursor to say it was the last.
    let pages = b.list_content_blocks(5).await;
    assert_eq!(pages.result.unwrap().len(), 5);
    assert_eq!(pages.exchanges.len(), 2);

    let http = reqwest::Client::new();
    for (query, words) in [
        ("offset=0", "Offset must be greater than 0."),
        ("limit=1001", "Limit must be between 1 and 1000."),
        ("limit=0", "Limit must be between 1 and 1000."),
        (
            "modified_after=yesterday",
            "'modified_after' must be an ISO-8601 time",
        ),
    ] {
        let r = http
            .get(format!("{}/content_blocks/list?{query}", sb.base_url()))
            .bearer_auth(DEMO_BRAZE_KEY)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400, "{query}");
        let answer: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        assert_eq!(answer["message"], words, "{query}");
    }
    let r = http
        .get(format!(
            "{}/content_blocks/list?modified_after=2999-01-01T00:00:00Z",
            sb.base_url()
        ))
        .bearer_auth(DEMO_BRAZE_KEY)
        .send()
        .await
        .unwrap();
    let answer: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(answer["count"], 0, "{answer}");
    // Without a key: 401, as for every Braze route.
    let r = http
        .get(format!("{}/content_blocks/list", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocks_and_tags_are_kept_in_the_state_file() {
    let dir = temp_dir("content-blocks");
    let path = dir.join("state.json");
    let config = SandboxConfig {
        state_file: Some(path.clone()),
        ..SandboxConfig::ephemeral()
    };
    let sb = Sandbox::start(config.clone()).await.unwrap();
    let b = braze(&sb);
    let id = b
        .create_content_block(&block("kept", "one"))
        .await
        .result
        .unwrap()
        .content_block_id;
    b.update_content_block(&ContentBlockChange {
        content_block_id: id.clone(),
        content: Some("two".into()),
        ..Default::default()
    })
    .await
    .result
    .unwrap();
    let r = reqwest::Client::new()
        .post(format!("{}/__sandbox/account", sb.base_url()))
        .header("Content-Type", "application/json")
        .body(json!({"braze_tags": ["kept-tag"]}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    // The journal alone (as a kill -9 would leave it) has both.
    let (rebuilt, _) = store::load(&path).unwrap();
    let live = sb.snapshot();
    let rebuilt = rebuilt.public_view();
    assert_eq!(rebuilt["content_blocks"], live["content_blocks"]);
    assert_eq!(rebuilt["braze_tags"], json!(["kept-tag"]));
    assert_eq!(rebuilt["content_blocks"][0]["content"], "two");
    sb.shutdown().await.unwrap();
    // And a restarted sandbox serves them.
    let sb = Sandbox::start(config).await.unwrap();
    let info = braze(&sb).content_block_info(&id).await.result.unwrap();
    assert_eq!((info.name.as_str(), info.content.as_str()), ("kept", "two"));
    sb.shutdown().await.unwrap();
}

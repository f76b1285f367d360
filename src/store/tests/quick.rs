//! The quick reader of log lines against `ron`: it reads what the store writes, and whatever
//! it accepts, `ron` reads as the same value.

use proptest::prelude::*;
use serde::{Deserialize, Serialize};

use super::super::quick;

/// Every shape of field a record may hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Line {
    Tuple(String, i64, u32, f32, Step),
    Named {
        item: String,
        when: Option<i64>,
        flags: Vec<bool>,
        inner: Inner,
        #[serde(default)]
        extra: bool,
    },
    Unit,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Step {
    New,
    Learning(u8),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Inner {
    stability: f32,
    difficulty: f64,
    due: i64,
    pair: (u16, i8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![Just(Step::New), any::<u8>().prop_map(Step::Learning)]
}

fn line() -> impl Strategy<Value = Line> {
    let text = "[a-z/#é\\\\\"ж -]{0,12}";
    prop_oneof![
        (text, any::<i64>(), any::<u32>(), any::<f32>(), step())
            .prop_map(|(s, i, u, f, st)| Line::Tuple(s, i, u, f, st)),
        (
            text,
            proptest::option::of(any::<i64>()),
            proptest::collection::vec(any::<bool>(), 0..3),
            (any::<f32>(), any::<f64>(), any::<i64>(), any::<(u16, i8)>()),
            any::<bool>()
        )
            .prop_map(
                |(item, when, flags, (stability, difficulty, due, pair), extra)| {
                    Line::Named {
                        item,
                        when,
                        flags,
                        inner: Inner {
                            stability,
                            difficulty,
                            due,
                            pair,
                        },
                        extra,
                    }
                }
            ),
        Just(Line::Unit),
    ]
}

/// Whatever the quick reader accepts, `ron` reads as the same value.
fn agrees_with_ron(text: &str) -> Result<(), TestCaseError> {
    if let Some(quick) = quick::parse::<Line>(text) {
        let ron = ron::from_str::<Line>(text);
        // NaN is not equal to itself: compare the written forms instead.
        prop_assert_eq!(
            ron.as_ref().map(|v| ron::to_string(v).unwrap()).ok(),
            Some(ron::to_string(&quick).unwrap()),
            "{:?}",
            text
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn what_the_store_writes_reads_quickly_and_the_same(value in line()) {
        let text = ron::to_string(&value).unwrap();
        let finite = !text.contains("inf") && !text.contains("NaN");
        let exponent = text
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'e' | b'E'));
        let plain = !text.contains('\\') && !exponent;
        if finite && plain {
            prop_assert!(quick::parse::<Line>(&text).is_some(), "{}", text);
        }
        agrees_with_ron(&text)?;
    }

    #[test]
    fn any_change_to_a_line_is_read_as_ron_reads_it(
        value in line(),
        at in any::<prop::sample::Index>(),
        cut in 0usize..4,
        insert in "[ ,()\\[\\]\"0-9a-zA-Z.:_eE+-]{0,3}",
    ) {
        let text = ron::to_string(&value).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let i = at.index(chars.len() + 1);
        let end = (i + cut).min(chars.len());
        let mutated: String = chars[..i]
            .iter()
            .chain(insert.chars().collect::<Vec<_>>().iter())
            .chain(chars[end..].iter())
            .collect();
        agrees_with_ron(&mutated)?;
    }
}

#[test]
fn forms_left_to_ron() {
    for text in [
        "Tuple(\"a\\\"b\",1,2,1.0,New)",
        "Tuple( \"a\",1,2,1.0,New)",
        "Tuple(\"a\",0x1,2,1.0,New)",
        "Tuple(\"a\",1_0,2,1.0,New)",
        "Tuple(\"a\",01,2,1.0,New)",
        "Tuple(\"a\",1,2,1e3,New)",
        "Tuple(\"a\",1,2,inf,New)",
        "Tuple(\"a\",1,2,1.0,New)// note",
        "Tuple(\"a\",1,2,1.0,New) ",
        "Tuple(\"a\",1,2,1.0,New())",
        "Named(item:\"a\",when:None,flags:[],inner:Inner(stability:1.0,difficulty:1.0,due:1,pair:(1,1)))",
        "Named(item:\"a\",when:None,flags:[],other:1,inner:(stability:1.0,difficulty:1.0,due:1,pair:(1,1)))",
        "#![enable(implicit_some)]Unit",
    ] {
        assert!(quick::parse::<Line>(text).is_none(), "{text}");
    }
    let written = "Tuple(\"deck/card#2\",-7,4200,2.3065,Learning(1))";
    assert_eq!(
        quick::parse::<Line>(written),
        Some(Line::Tuple(
            "deck/card#2".into(),
            -7,
            4200,
            2.3065,
            Step::Learning(1)
        ))
    );
}
